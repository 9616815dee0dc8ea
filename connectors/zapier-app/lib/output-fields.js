'use strict';

// Labels for the fields a zap can map. Keys use Zapier's flattening: "billingAddress__city"
// for a nested object, "lines[]description" for a list of line items. Trigger items carry
// every field (null when empty), but the actions' answers leave empty fields out (a draft has
// no number yet), so each action or trigger labels the fields its own sample has
// (`forSample`); the tests check that every label here exists in some sample, and the
// samples are captured from a live Passerelle.

const address = (prefix, label) => [
  { key: `${prefix}__line1`, label: `${label} Line 1` },
  { key: `${prefix}__line2`, label: `${label} Line 2` },
  { key: `${prefix}__postcode`, label: `${label} Postcode` },
  { key: `${prefix}__city`, label: `${label} City` },
  { key: `${prefix}__state`, label: `${label} State` },
  { key: `${prefix}__country`, label: `${label} Country` },
];

const client = [
  { key: 'id', label: 'Client ID' },
  { key: 'name', label: 'Name' },
  { key: 'company', label: 'Company' },
  { key: 'emails', label: 'E-mails', list: true },
  { key: 'phone', label: 'Phone' },
  ...address('billingAddress', 'Billing Address'),
  ...address('shippingAddress', 'Shipping Address'),
  { key: 'vatNumber', label: 'VAT Number' },
  { key: 'language', label: 'Language' },
  { key: 'externalRefs[]source', label: 'External Reference Source' },
  { key: 'externalRefs[]id', label: 'External ID' },
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
  { key: 'externalRefs[]source', label: 'External Reference Source' },
  { key: 'externalRefs[]id', label: 'External ID' },
  { key: 'createdAt', label: 'Created At', type: 'datetime' },
  { key: 'updatedAt', label: 'Updated At', type: 'datetime' },
];

const document = [
  { key: 'id', label: 'Document ID' },
  { key: 'kind', label: 'Kind' },
  { key: 'status', label: 'Status' },
  { key: 'number', label: 'Number' },
  { key: 'clientId', label: 'Client ID' },
  { key: 'client__name', label: 'Client Name' },
  { key: 'client__company', label: 'Client Company' },
  { key: 'client__emails', label: 'Client E-mails', list: true },
  ...address('client__billingAddress', 'Client Billing Address'),
  { key: 'client__vatNumber', label: 'Client VAT Number' },
  { key: 'currency', label: 'Currency' },
  { key: 'pricesIncludeTax', label: 'Prices Include Tax', type: 'boolean' },
  { key: 'lines[]position', label: 'Line Position', type: 'integer' },
  { key: 'lines[]type', label: 'Line Type' },
  { key: 'lines[]description', label: 'Line Description' },
  { key: 'lines[]sku', label: 'Line SKU' },
  { key: 'lines[]quantity', label: 'Line Quantity', type: 'number' },
  { key: 'lines[]unitPrice', label: 'Line Unit Price', type: 'number' },
  { key: 'lines[]discount', label: 'Line Discount', type: 'number' },
  { key: 'lines[]taxRate', label: 'Line Tax Rate (%)', type: 'number' },
  { key: 'lines[]taxLabel', label: 'Line Tax Label' },
  { key: 'lines[]net', label: 'Line Net', type: 'number' },
  { key: 'lines[]tax', label: 'Line Tax', type: 'number' },
  { key: 'lines[]gross', label: 'Line Gross', type: 'number' },
  { key: 'taxes[]rate', label: 'Tax Rate (%)', type: 'number' },
  { key: 'taxes[]label', label: 'Tax Label' },
  { key: 'taxes[]base', label: 'Tax Base', type: 'number' },
  { key: 'taxes[]tax', label: 'Tax Amount', type: 'number' },
  { key: 'totalNet', label: 'Total Excluding Tax', type: 'number' },
  { key: 'totalTax', label: 'Total Tax', type: 'number' },
  { key: 'total', label: 'Total', type: 'number' },
  { key: 'amountPaid', label: 'Amount Paid', type: 'number' },
  { key: 'balance', label: 'Balance Due', type: 'number' },
  { key: 'paid', label: 'Paid', type: 'boolean' },
  { key: 'customerNote', label: 'Note to the Client' },
  { key: 'internalNote', label: 'Internal Note' },
  { key: 'issueDate', label: 'Issue Date', type: 'datetime' },
  { key: 'dueDate', label: 'Due Date', type: 'datetime' },
  { key: 'language', label: 'Language' },
  { key: 'externalRef__source', label: 'External Reference Source' },
  { key: 'externalRef__id', label: 'External ID' },
  { key: 'creditNoteFor', label: 'Credits Document ID' },
  { key: 'publicUrl', label: 'Public Link' },
  { key: 'createdAt', label: 'Created At', type: 'datetime' },
  { key: 'updatedAt', label: 'Updated At', type: 'datetime' },
];

// An email as GET /api/v1/emails lists it ("Email Delivered", "Bounced", "Dropped"; "Send Document" answers one).
const email = [
  { key: 'id', label: 'Email ID' },
  { key: 'kind', label: 'Kind' },
  { key: 'status', label: 'Status' },
  { key: 'documentId', label: 'Document ID' },
  { key: 'to[]name', label: 'To Name' },
  { key: 'to[]address', label: 'To Address' },
  { key: 'subject', label: 'Subject' },
  { key: 'attempts', label: 'Attempts', type: 'integer' },
  { key: 'messageId', label: 'Message-ID' },
  { key: 'smtpReply', label: 'Mail Server Reply' },
  { key: 'nextAttemptAt', label: 'Next Attempt At', type: 'datetime' },
  { key: 'acceptedAt', label: 'Accepted At', type: 'datetime' },
  { key: 'bouncedAt', label: 'Bounced At', type: 'datetime' },
  { key: 'deliveredAt', label: 'Delivered At', type: 'datetime' },
  { key: 'deliveredBy', label: 'Delivered By' },
  { key: 'openedAt', label: 'Opened At', type: 'datetime' },
  { key: 'openCount', label: 'Opens', type: 'integer' },
  { key: 'createdAt', label: 'Created At', type: 'datetime' },
  { key: 'updatedAt', label: 'Updated At', type: 'datetime' },
];

const order = [
  { key: 'connectionId', label: 'Shop Connection ID' },
  { key: 'shop', label: 'Shop' },
  { key: 'orderId', label: 'Order ID' },
  { key: 'number', label: 'Order Number' },
  { key: 'status', label: 'Order Status' },
  { key: 'currency', label: 'Currency' },
  { key: 'total', label: 'Total', type: 'number' },
  { key: 'billingEmail', label: 'Buyer E-mail' },
  { key: 'documentId', label: 'Document ID' },
  { key: 'receivedAt', label: 'Received At', type: 'datetime' },
  { key: 'updatedAt', label: 'Updated At', type: 'datetime' },
];

// What a card.moved event says (its data is the event's own fields, not the card).
const cardMove = [
  { key: 'cardId', label: 'Card ID' },
  { key: 'pipelineId', label: 'Pipeline ID' },
  { key: 'pipeline', label: 'Pipeline' },
  { key: 'clientId', label: 'Client ID' },
  { key: 'fromStageId', label: 'From Stage ID' },
  { key: 'fromStage', label: 'From Stage' },
  { key: 'stageId', label: 'Stage ID' },
  { key: 'stage', label: 'Stage' },
  { key: 'movedBy', label: 'Moved By' },
];

// What task.due and task.done say.
const task = [
  { key: 'taskId', label: 'Task ID' },
  { key: 'title', label: 'Title' },
  { key: 'dueAt', label: 'Due At', type: 'datetime' },
  { key: 'assignee', label: 'Assignee' },
  { key: 'clientId', label: 'Client ID' },
  { key: 'documentId', label: 'Document ID' },
  { key: 'doneAt', label: 'Done At', type: 'datetime' },
];

// What account.needs_reconnect says.
const account = [
  { key: 'accountId', label: 'Account ID' },
  { key: 'provider', label: 'Provider' },
  { key: 'purpose', label: 'Purpose' },
  { key: 'email', label: 'Account E-mail' },
  { key: 'reason', label: 'Reason' },
  { key: 'reconnectUrl', label: 'Reconnect Link' },
];

// A trigger's item: the event's envelope around the object.
const event = (subject) => [
  { key: 'id', label: 'Event ID' },
  { key: 'type', label: 'Event Type' },
  { key: 'occurredAt', label: 'Occurred At', type: 'datetime' },
  ...subject.map((f) => ({ ...f, key: `data__${f.key}` })),
];

// Zapier's flattened key as a path into the JSON: "data__lines[]sku" → ["data", "lines", [], "sku"].
const has = (value, key) => {
  const steps = key.split('__').flatMap((part) => part.split(/(\[\])/).filter(Boolean));
  const walk = (v, i) => {
    if (i === steps.length) return v !== undefined;
    if (steps[i] === '[]') return Array.isArray(v) && v.some((item) => walk(item, i + 1));
    return v !== null && typeof v === 'object' && !Array.isArray(v) && walk(v[steps[i]], i + 1);
  };
  return walk(value, 0);
};

// The labelled fields this sample has.
const forSample = (fields, sample) => fields.filter((f) => has(sample, f.key));

module.exports = { client, product, document, email, order, cardMove, task, account, event, has, forSample };
