'use strict';

// Labels for the fields a zap can map. Keys use Zapier's flattening: "billingAddress__city"
// for a nested object, "lines[]description" for a list of line items. A test checks that
// every key here exists in the committed samples, which are captured from a live Passerelle.

const address = (prefix, label) => [
  { key: `${prefix}__line1`, label: `${label} Line 1` },
  { key: `${prefix}__line2`, label: `${label} Line 2` },
  { key: `${prefix}__postcode`, label: `${label} Postcode` },
  { key: `${prefix}__city`, label: `${label} City` },
  { key: `${prefix}__country`, label: `${label} Country` },
];

const client = [
  { key: 'id', label: 'Client ID' },
  { key: 'name', label: 'Name' },
  { key: 'company', label: 'Company' },
  { key: 'emails', label: 'E-mails', list: true },
  { key: 'phone', label: 'Phone' },
  ...address('billingAddress', 'Billing Address'),
  { key: 'vatNumber', label: 'VAT Number' },
  { key: 'language', label: 'Language' },
  { key: 'createdAt', label: 'Created At', type: 'datetime' },
  { key: 'updatedAt', label: 'Updated At', type: 'datetime' },
];

const product = [
  { key: 'id', label: 'Product ID' },
  { key: 'name', label: 'Name' },
  { key: 'sku', label: 'SKU' },
  { key: 'unitPrice', label: 'Unit Price', type: 'number' },
  { key: 'currency', label: 'Currency' },
  { key: 'taxRate', label: 'Tax Rate (%)', type: 'number' },
  { key: 'createdAt', label: 'Created At', type: 'datetime' },
];

const document = [
  { key: 'id', label: 'Document ID' },
  { key: 'kind', label: 'Kind' },
  { key: 'status', label: 'Status' },
  { key: 'number', label: 'Number' },
  { key: 'clientId', label: 'Client ID' },
  { key: 'client__name', label: 'Client Name' },
  { key: 'client__company', label: 'Client Company' },
  { key: 'currency', label: 'Currency' },
  { key: 'lines[]description', label: 'Line Description' },
  { key: 'lines[]sku', label: 'Line SKU' },
  { key: 'lines[]quantity', label: 'Line Quantity', type: 'number' },
  { key: 'lines[]unitPrice', label: 'Line Unit Price', type: 'number' },
  { key: 'lines[]taxRate', label: 'Line Tax Rate (%)', type: 'number' },
  { key: 'lines[]net', label: 'Line Net', type: 'number' },
  { key: 'lines[]gross', label: 'Line Gross', type: 'number' },
  { key: 'totalNet', label: 'Total Excluding Tax', type: 'number' },
  { key: 'totalTax', label: 'Total Tax', type: 'number' },
  { key: 'total', label: 'Total', type: 'number' },
  { key: 'amountPaid', label: 'Amount Paid', type: 'number' },
  { key: 'balance', label: 'Balance Due', type: 'number' },
  { key: 'issueDate', label: 'Issue Date', type: 'datetime' },
  { key: 'dueDate', label: 'Due Date', type: 'datetime' },
  { key: 'publicUrl', label: 'Public Link' },
  { key: 'createdAt', label: 'Created At', type: 'datetime' },
];

const email = [
  { key: 'id', label: 'Email ID' },
  { key: 'status', label: 'Status' },
];

const order = [
  { key: 'id', label: 'Order ID' },
];

// A trigger's item: the event's envelope around the object.
const event = (subject) => [
  { key: 'id', label: 'Event ID' },
  { key: 'type', label: 'Event Type' },
  { key: 'occurredAt', label: 'Occurred At', type: 'datetime' },
  ...subject.map((f) => ({ ...f, key: `data__${f.key}` })),
];

// What "Send Document" answers: the queued email.
const sendDocument = [{ key: 'emailId', label: 'Email ID' }];

module.exports = { client, product, document, email, order, sendDocument, event };
