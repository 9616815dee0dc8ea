'use strict';

const { hookTrigger } = require('../lib/hook-trigger');
const output = require('../lib/output-fields');
const sample = require('../samples/account.needs_reconnect.json');

module.exports = hookTrigger({
  key: 'account_needs_reconnect',
  event: 'account.needs_reconnect',
  noun: 'Account',
  label: 'Account Needs Reconnect',
  description: 'Triggers when a connected account (Google, Microsoft...) stops working and someone must reconnect it: the item has the reconnect link.',
  sample,
  outputFields: output.forSample(output.event(output.account), sample),
});
