'use strict';

const { hookTrigger } = require('../lib/hook-trigger');
const output = require('../lib/output-fields');

module.exports = hookTrigger({
  key: 'email_bounced',
  event: 'email.bounced',
  noun: 'Email',
  label: 'Email Bounced',
  description: 'Triggers when an e-mail Passerelle sent bounces (e.g. a wrong address), so you can fix the address.',
  sample: require('../samples/email.bounced.json'),
  outputFields: output.event(output.email),
});
