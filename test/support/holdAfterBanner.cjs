// Preload for the simulator CLI's signal test: once the banner says "Ctrl+C to stop.", the process holds
// until the test writes a byte to its stdin, as a busy machine may pause it at that very point.
const fs = require('node:fs');

const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
	const written = write(chunk, ...rest);
	if (String(chunk).includes('Ctrl+C to stop.')) fs.readSync(0, Buffer.alloc(1));
	return written;
};
