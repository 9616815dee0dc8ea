'use strict';

const { search, pick } = require('../lib/actions');
const output = require('../lib/output-fields');
const sample = require('../samples/product.json');

const perform = (z, bundle) => {
  const body = pick(bundle.inputData, ['sku']);
  if (!body.sku) {
    throw new z.errors.Error('SKU: required, got nothing', 'InvalidInput', 400);
  }
  return search(z, 'find-product', body);
};

module.exports = {
  key: 'find_product',
  noun: 'Product',
  display: {
    label: 'Find Product',
    description: 'Finds a product by its SKU.',
  },
  operation: {
    inputFields: [{ key: 'sku', label: 'SKU', type: 'string', required: true }],
    perform,
    sample,
    outputFields: output.forSample(output.product, sample),
  },
};
