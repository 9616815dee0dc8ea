'use strict';

const { hookTrigger } = require('../lib/hook-trigger');
const output = require('../lib/output-fields');
const sample = require('../samples/shop.order_received.json');

module.exports = hookTrigger({
  key: 'new_shop_order',
  event: 'shop.order_received',
  noun: 'Order',
  label: 'New Shop Order',
  description: 'Triggers when a connected shop (WooCommerce) sends a new order.',
  sample,
  outputFields: output.forSample(output.event(output.order), sample),
});
