// @ts-check
'use strict';

/**
 * `NODE_OPTIONS=--require <this file>` with BENCH_FETCH_WARM_UP_URL: one call with Node's global
 * fetch as n8n starts, so that loading fetch's HTTP client (undici, a few hundred ms on first use)
 * and its TLS set-up land before the node runs, as Warm Up does for n8n's helper. For the bench's
 * fetch row (issue 25); the call goes to the front without round trips, which does not count it.
 */

const url = process.env.BENCH_FETCH_WARM_UP_URL;
if (url) {
	fetch(url)
		.then((response) => response.arrayBuffer())
		.catch((error) => process.stderr.write(`[bench] fetch warm-up failed: ${error}\n`));
}
