'use strict';

// Hidden: fills the "Client" dropdowns. The first 200 clients; beyond that the user maps an ID
// from "Find Client" (the field's search link), which scales where a dropdown cannot.
const perform = async (z) => {
  const response = await z.request({ url: '/api/v1/clients', params: { limit: 200 } });
  return response.data.items.map((c) => ({
    id: c.id,
    name: [c.name, c.company && c.company !== c.name ? `(${c.company})` : '', c.emails && c.emails[0] ? `<${c.emails[0]}>` : '']
      .filter(Boolean)
      .join(' '),
  }));
};

module.exports = {
  key: 'client_list',
  noun: 'Client',
  display: { label: 'List Clients', description: 'Lists clients for dropdowns.', hidden: true },
  operation: {
    perform,
    sample: { id: '0190d3c2-8f6e-7a51-b1a4-3d2f5e6a7b8c', name: 'Zoë Müller (Atelier Müller) <zoe@example.com>' },
    outputFields: [
      { key: 'id', label: 'ID' },
      { key: 'name', label: 'Name' },
    ],
  },
};
