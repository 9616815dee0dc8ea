'use strict';

const { whyNotSigned } = require('./signature');
const { appErrorOf } = require('./http');

// One REST-hook trigger per Passerelle event type. Turning a zap on subscribes its hook URL to
// the event; turning it off (or deleting it) unsubscribes. Every delivery, and every item of
// performList, has the same shape: {id, type, occurredAt, data: <the object as the API shows it>}.
const hookTrigger = ({ key, event, noun, label, description, sample, outputFields }) => {
  const performSubscribe = async (z, bundle) => {
    const response = await z.request({
      url: '/api/v1/subscriptions',
      method: 'POST',
      body: { targetUrl: bundle.targetUrl, event },
    });
    // Kept by Zapier as bundle.subscribeData: the id to unsubscribe, the secret to verify.
    return response.data;
  };

  const performUnsubscribe = async (z, bundle) => {
    const id = bundle.subscribeData && bundle.subscribeData.id;
    if (!id) {
      throw new z.errors.Error('This zap has no Passerelle subscription id to remove.', 'NoSubscription', 400);
    }
    try {
      await z.request({ url: `/api/v1/subscriptions/${encodeURIComponent(id)}`, method: 'DELETE' });
    } catch (e) {
      // Already gone (a 410 from the hook URL or "Unlink Zapier" deleted it): nothing left to do.
      const error = appErrorOf(e);
      if (!error || error.status !== 404) {
        throw e;
      }
    }
    return { id, deleted: true };
  };

  const perform = (z, bundle) => {
    const secret = bundle.subscribeData && bundle.subscribeData.secret;
    let payload = bundle.cleanedRequest;
    if (secret) {
      // Anyone who learns the hook URL could post to it: only Passerelle's signed deliveries count.
      // No freshness check on webhook-timestamp: Zapier may run this later than the delivery
      // came (a held or replayed run), and a replayed Passerelle event is the same event id.
      const raw = bundle.rawRequest || {};
      const why = whyNotSigned(secret, raw.headers, raw.content);
      if (why) {
        throw new z.errors.HaltedError(`Ignored a request to this zap's hook that Passerelle did not sign: ${why}.`);
      }
      payload = JSON.parse(raw.content);
    }
    if (!payload || payload.type !== event || !payload.id) {
      return [];
    }
    return [payload];
  };

  const performList = async (z) => {
    const response = await z.request({ url: `/api/v1/triggers/${encodeURIComponent(event)}/recent` });
    return response.data;
  };

  return {
    key,
    noun,
    display: { label, description },
    operation: {
      type: 'hook',
      performSubscribe,
      performUnsubscribe,
      perform,
      performList,
      sample,
      outputFields,
    },
  };
};

module.exports = { hookTrigger };
