'use strict';

const { hookTrigger } = require('../lib/hook-trigger');
const output = require('../lib/output-fields');
const sample = require('../samples/product.created.json');

module.exports = hookTrigger({
  key: 'new_product',
  event: 'product.created',
  noun: 'Product',
  label: 'New Product',
  description: 'Triggers when a product is created.',
  sample,
  outputFields: output.forSample(output.event(output.product), sample),
});
