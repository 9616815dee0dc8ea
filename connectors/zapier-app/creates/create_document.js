'use strict';

const { create, pick } = require('../lib/actions');
const { dedupeKeyField } = require('../lib/idempotency');
const { asBoolean, asDecimal } = require('../lib/values');
const output = require('../lib/output-fields');
const sample = require('../samples/document.json');

// Zapier line items: each line of the "Lines" group arrives as one object of the array.
const lineOf = (z, line, index) => {
  const where = `Line ${index + 1}`;
  const out = pick(line || {}, ['description', 'sku']);
  const quantity = asDecimal(z, `${where}: Quantity`, line && line.quantity);
  const unitPrice = asDecimal(z, `${where}: Unit Price`, line && line.unitPrice);
  const taxRate = asDecimal(z, `${where}: Tax Rate`, line && line.taxRate);
  if (quantity !== undefined) out.quantity = quantity;
  if (unitPrice !== undefined) out.unitPrice = unitPrice;
  if (taxRate !== undefined) out.taxRate = taxRate;
  return out;
};

// An empty group Zapier sends for a line the user left blank is not a line.
const isBlank = (line) => Object.keys(line).length === 0;

const perform = (z, bundle) => {
  const input = bundle.inputData;
  const raw = Array.isArray(input.lines) ? input.lines : input.lines ? [input.lines] : [];
  const lines = raw.map((line, i) => lineOf(z, line, i)).filter((line) => !isBlank(line));
  if (lines.length === 0) {
    throw new z.errors.Error('Lines: expected at least one line with a description or a SKU, got none', 'InvalidInput', 400);
  }
  const body = pick(input, ['kind', 'clientId', 'currency', 'dueDate', 'note', 'externalId']);
  body.lines = lines;
  const issue = asBoolean(z, 'Issue', input.issue);
  const pricesIncludeTax = asBoolean(z, 'Prices Include Tax', input.pricesIncludeTax);
  if (issue !== undefined) body.issue = issue;
  if (pricesIncludeTax !== undefined) body.pricesIncludeTax = pricesIncludeTax;
  return create(z, bundle, 'create_document', 'create-document', body);
};

module.exports = {
  key: 'create_document',
  noun: 'Document',
  display: {
    label: 'Create Document',
    description: 'Creates an invoice, order confirmation or delivery note for a client, as a draft or issued.',
  },
  operation: {
    inputFields: [
      {
        key: 'kind',
        label: 'Kind',
        type: 'string',
        required: true,
        default: 'invoice',
        choices: { invoice: 'Invoice', order_confirmation: 'Order confirmation', delivery_note: 'Delivery note' },
      },
      {
        key: 'clientId',
        label: 'Client',
        type: 'string',
        required: true,
        dynamic: 'client_list.id.name',
        search: 'find_client.id',
        helpText: 'Pick the client, or map its ID from a "Find or Create Client" step.',
      },
      {
        key: 'lines',
        label: 'Lines',
        required: true,
        children: [
          { key: 'description', label: 'Description', type: 'string', required: false, helpText: "Taken from the product when a SKU is given and this is empty." },
          { key: 'quantity', label: 'Quantity', type: 'string', required: false, placeholder: '1' },
          { key: 'unitPrice', label: 'Unit Price', type: 'string', required: false, placeholder: '12.50', helpText: "Taken from the product when a SKU is given and this is empty." },
          { key: 'taxRate', label: 'Tax Rate (%)', type: 'string', required: false, placeholder: '21' },
          { key: 'sku', label: 'Product SKU', type: 'string', required: false, helpText: 'Links the line to the product with this SKU.' },
        ],
      },
      {
        key: 'issue',
        label: 'Issue',
        type: 'boolean',
        required: false,
        default: 'false',
        helpText: 'Yes: the document gets its number and can be sent. No: it stays a draft you can still edit.',
      },
      { key: 'currency', label: 'Currency', type: 'string', required: false, placeholder: 'EUR' },
      { key: 'pricesIncludeTax', label: 'Prices Include Tax', type: 'boolean', required: false, default: 'false' },
      { key: 'dueDate', label: 'Due Date', type: 'string', required: false, placeholder: '2026-12-31', helpText: 'YYYY-MM-DD; the payment terms of your company when empty.' },
      { key: 'note', label: 'Note to the Client', type: 'text', required: false },
      {
        key: 'externalId',
        label: 'External ID',
        type: 'string',
        required: false,
        helpText: 'The order or deal id in the other app: one document per id, however often the zap runs.',
      },
      dedupeKeyField,
    ],
    perform,
    sample,
    outputFields: output.forSample(output.document, sample),
  },
};
