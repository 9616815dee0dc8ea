'use strict';

// The set of field paths of a JSON value: "data.client.name", "data.lines[].sku". Values and
// array lengths do not count, only which fields there are.
const fieldPaths = (value, prefix = '', out = new Set()) => {
  if (Array.isArray(value)) {
    value.forEach((v) => fieldPaths(v, `${prefix}[]`, out));
  } else if (value && typeof value === 'object') {
    Object.keys(value).forEach((k) => {
      const p = prefix ? `${prefix}.${k}` : k;
      out.add(p);
      fieldPaths(value[k], p, out);
    });
  }
  return out;
};

// What differs between two sets of paths, for a readable assertion message.
const difference = (live, sample) => ({
  onlyLive: [...live].filter((p) => !sample.has(p)).sort(),
  onlySample: [...sample].filter((p) => !live.has(p)).sort(),
});

// Zapier's flattened output-field key ("data__lines[]sku") as a path ("data.lines[].sku").
const pathOfOutputKey = (key) => key.replace(/__/g, '.').replace(/\[\]/g, '[].').replace(/\.\./g, '.');

module.exports = { fieldPaths, difference, pathOfOutputKey };
