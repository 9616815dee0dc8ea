'use strict';

const { create, pick } = require('../lib/actions');
const { dedupeKeyField } = require('../lib/idempotency');
const { asDecimal } = require('../lib/values');
const output = require('../lib/output-fields');
const sample = require('../samples/product.json');

// upsert-product: finds the product by external id, then by SKU, and updates it; creates it
// when there is none.
const perform = (z, bundle) => {
  const body = pick(bundle.inputData, ['name', 'sku', 'currency', 'externalId']);
  const unitPrice = asDecimal(z, 'Unit Price', bundle.inputData.unitPrice);
  const taxRate = asDecimal(z, 'Tax Rate', bundle.inputData.taxRate);
  if (unitPrice !== undefined) body.unitPrice = unitPrice;
  if (taxRate !== undefined) body.taxRate = taxRate;
  return create(z, bundle, 'create_product', 'upsert-product', body);
};

module.exports = {
  key: 'create_product',
  noun: 'Product',
  display: {
    label: 'Create or Update Product',
    description: 'Creates a product, or updates the one with the same external ID or SKU.',
  },
  operation: {
    inputFields: [
      { key: 'name', label: 'Name', type: 'string', required: true },
      { key: 'sku', label: 'SKU', type: 'string', required: false, helpText: 'Your product code; "Find Product" finds it by this.' },
      { key: 'unitPrice', label: 'Unit Price', type: 'string', required: false, placeholder: '12.50', helpText: 'Excluding tax, e.g. 12.50.' },
      { key: 'currency', label: 'Currency', type: 'string', required: false, placeholder: 'EUR', helpText: 'ISO 4217 code; your company default when empty.' },
      { key: 'taxRate', label: 'Tax Rate (%)', type: 'string', required: false, placeholder: '21', helpText: 'A percentage, e.g. 21 for 21 %.' },
      { key: 'externalId', label: 'External ID', type: 'string', required: false, helpText: "The product's id in the other app." },
      dedupeKeyField,
    ],
    perform,
    sample,
    outputFields: output.forSample(output.product, sample),
  },
};
