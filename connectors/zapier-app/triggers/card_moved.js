'use strict';

const { hookTrigger } = require('../lib/hook-trigger');
const output = require('../lib/output-fields');
const sample = require('../samples/card.moved.json');

module.exports = hookTrigger({
  key: 'card_moved',
  event: 'card.moved',
  noun: 'Card',
  label: 'Card Moved',
  description: "Triggers when a client's card moves to another stage of a pipeline.",
  sample,
  outputFields: output.forSample(output.event(output.cardMove), sample),
});
