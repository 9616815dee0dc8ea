'use strict';

// What a zap fills into the app's actions, every field given: shared by the tests and by
// scripts/capture-samples.js, so the committed samples have the fields a live result has.

const client = (tag) => ({
  name: `Hana Sato ${tag}`,
  email: `hana.${tag}@example.com`,
  company: `Sato Design ${tag}`,
  phone: '+32 2 555 77 88',
  vatNumber: 'BE0987654321',
  language: 'en',
  externalId: `crm-${tag}`,
  addressLine1: 'Avenue Louise 54',
  addressLine2: 'Floor 2',
  postcode: '1050',
  city: 'Ixelles',
  country: 'BE',
});

const product = (tag) => ({
  name: `Oak stool ${tag}`,
  sku: `STOOL-${tag}`,
  unitPrice: '149.00',
  currency: 'EUR',
  taxRate: '21',
  externalId: `shop-${tag}`,
});

const document = (clientId, sku) => ({
  kind: 'invoice',
  clientId,
  issue: 'true',
  currency: 'EUR',
  note: 'Thanks!',
  dueDate: new Date(Date.now() + 30 * 86400000).toISOString().slice(0, 10),
  lines: [
    { description: 'Design work', quantity: '3', unitPrice: '80', taxRate: '21' },
    { sku, quantity: '2' },
  ],
});

module.exports = { client, product, document };
