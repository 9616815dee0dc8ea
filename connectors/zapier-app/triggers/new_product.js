'use strict';

const { hookTrigger } = require('../lib/hook-trigger');
const output = require('../lib/output-fields');

module.exports = hookTrigger({
  key: 'new_product',
  event: 'product.created',
  noun: 'Product',
  label: 'New Product',
  description: 'Triggers when a product is created.',
  sample: require('../samples/product.created.json'),
  outputFields: output.event(output.product),
});
