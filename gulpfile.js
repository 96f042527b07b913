const { task, src, dest, parallel } = require('gulp');

// tsc emits only JavaScript; n8n resolves `file:` icons next to the compiled node and credential files.
const copyNodeIcons = () => src('nodes/**/*.{png,svg}', { encoding: false }).pipe(dest('dist/nodes'));
const copyCredentialIcons = () => src('credentials/**/*.{png,svg}', { encoding: false }).pipe(dest('dist/credentials'));

task('build:icons', parallel(copyNodeIcons, copyCredentialIcons));

// The Dapi node's registry of operations is generated from its operation files, before tsc compiles it.
task('build:registry', (done) => {
	require('./scripts/generate-registry').writeRegistry();
	done();
});
