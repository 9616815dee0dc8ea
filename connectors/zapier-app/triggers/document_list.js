'use strict';

// Hidden: fills the "Document" dropdown of "Send Document" with the 100 newest documents.
const describeDocument = (d) => {
  const kind = String(d.kind || '').toLowerCase().replace(/_/g, ' ');
  const number = d.number || 'draft';
  const total = d.total !== undefined && d.total !== null ? `${d.total} ${d.currency || ''}`.trim() : '';
  return `${kind} ${number} · ${d.clientName || 'no client'}${total ? ` · ${total}` : ''} (${String(d.status || '').toLowerCase()})`;
};

const perform = async (z) => {
  const response = await z.request({ url: '/api/v1/documents', params: { limit: 100 } });
  return response.data.items.map((d) => ({ id: d.id, label: describeDocument(d) }));
};

module.exports = {
  key: 'document_list',
  noun: 'Document',
  display: { label: 'List Documents', description: 'Lists recent documents for dropdowns.', hidden: true },
  operation: {
    perform,
    sample: { id: '0190d3c2-9a1b-7c2d-8e3f-4a5b6c7d8e9f', label: 'invoice INV-2026-0001 · Zoë Müller · 121.00 EUR (issued)' },
    outputFields: [
      { key: 'id', label: 'ID' },
      { key: 'label', label: 'Document' },
    ],
  },
};
