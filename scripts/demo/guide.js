// @ts-check
'use strict';

const {
	ADMIN_CREDENTIAL,
	CONNECTION_TABLE,
	CONNECT_WEBHOOK_ID,
	DEMO_CREDENTIAL,
	EXAMPLES,
	MFA_OTP,
	exampleWorkflow,
} = require('./examples');

/**
 * How to try the examples, for the `npm start` banner.
 * @param {string} n8nUrl @param {string} simUrl
 */
function guide(n8nUrl, simUrl, adminKey = '<the value of the "Dapi demo admin key" credential>') {
	const [accounts, mfa, webhook, store, sync, delink] = EXAMPLES.map((name) => exampleWorkflow(name).name);
	const json = "-H 'content-type: application/json'";
	return [
		` Example workflows (Overview; they use the credential "${DEMO_CREDENTIAL.name}"):`,
		`  • ${accounts}`,
		'      Open it and click "Execute workflow".',
		`  • ${mfa}`,
		'      Execute it: the bank asks for an OTP and the run waits at "Wait for the OTP". Copy the resumeUrl',
		`      from the output of "Resume URL" (${n8nUrl}/webhook-waiting/<execution id>?signature=…), then:`,
		`        curl -s -XPOST '<resumeUrl>' ${json} -d '{"otp":"${MFA_OTP}"}'`,
		`  • ${webhook}`,
		'      Publish it (top right), then post a fresh Connect result to it:',
		`        curl -s -XPOST ${simUrl}/__sim/connect | curl -s -XPOST ${n8nUrl}/webhook/dapi-connect ${json} -d @-`,
		' A fresh Connect result (accessCode, connectionID, userSecret):',
		`   curl -s -XPOST ${simUrl}/__sim/connect`,
		` Connections kept sealed in the Data Table "${CONNECTION_TABLE.name}" (Overview → Data tables):`,
		`  • ${store} (published)`,
		'      Open this link in your browser, click the button, pick a sandbox user, password "sandbox":',
		`        ${n8nUrl}/webhook/${CONNECT_WEBHOOK_ID}/connect?ref=customer-1`,
		`  • ${sync}`,
		'      Open it and click "Execute workflow": one summary per stored customer.',
		`  • ${delink} (published)`,
		`        curl -s -XPOST ${n8nUrl}/webhook/dapi-delink -H '${ADMIN_CREDENTIAL.header}: ${adminKey}' ${json} -d '{"ref":"customer-1"}'`,
	].join('\n');
}

module.exports = { guide };
