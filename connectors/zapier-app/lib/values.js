'use strict';

// Zapier hands typed fields over as it got them from the mapping: a boolean may come as
// "true" or "yes", an amount as 12.5 or "12,50". Passerelle takes amounts as decimal strings
// (money is never a binary float there), so they go out as text, exactly as typed.

const TRUE = ['true', 'yes', 'y', '1', 'on'];
const FALSE = ['false', 'no', 'n', '0', 'off'];

const asBoolean = (z, field, value) => {
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (typeof value === 'boolean') {
    return value;
  }
  const text = String(value).trim().toLowerCase();
  if (TRUE.includes(text)) {
    return true;
  }
  if (FALSE.includes(text)) {
    return false;
  }
  throw new z.errors.Error(`${field}: expected yes or no (true/false), got "${value}"`, 'InvalidInput', 400);
};

// "1 234,50" and "1,234.50" are both left to the user to fix: only one decimal separator,
// no grouping, so that 1,234 can never silently become 1.234.
const asDecimal = (z, field, value) => {
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  const text = String(value).trim();
  const normalised = /^-?\d+,\d+$/.test(text) ? text.replace(',', '.') : text;
  if (!/^-?\d+(\.\d+)?$/.test(normalised)) {
    throw new z.errors.Error(`${field}: expected a number such as 12.50, got "${value}"`, 'InvalidInput', 400);
  }
  return normalised;
};

module.exports = { asBoolean, asDecimal };
