// Node's side of the client benchmark: OpenAI's official Node SDK (the version pinned in
// compat/openai-node) doing what bench/client_benchmark.cpp does, against the same mock, and
// printing the same `key value` lines.
//   node bench/node_client.mjs MODE --base-url URL [--iterations N] [--requests N] [--concurrency N]
// The SDK's baseURL is the mock's URL + "/v3".
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(new URL('../compat/openai-node/package.json', import.meta.url));
const sdk = require('openai');
const OpenAI = sdk.OpenAI ?? sdk;

const [mode, ...rest] = process.argv.slice(2);
const args = { iterations: 20, requests: 64, concurrency: 16 };
for (let i = 0; i + 1 < rest.length; i += 2) {
  const name = rest[i].replace(/^--/, '').replace(/-(.)/g, (_, c) => c.toUpperCase());
  args[name] = name === 'baseUrl' ? rest[i + 1] : Number(rest[i + 1]);
}
const client = new OpenAI({ apiKey: 'bench-key', baseURL: `${args.baseUrl}/v3`, maxRetries: 0 });

const b64Body = { model: 'openai/gpt-image-1', prompt: 'a lighthouse at dawn', n: 4, size: '1536x1240' };
const urlBody = { model: 'google/imagen-4.0-generate-001', prompt: 'a lighthouse', size: '64x64' };

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const statusKib = (field) => {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  return line ? parseInt(line.slice(field.length + 1), 10) : -1;
};

// Decodes every image, as an application saving them would.
const decodeAll = (response) => response.data.reduce((n, item) => n + Buffer.from(item.b64_json, 'base64').length, 0);

async function perCall(label, call) {
  for (let i = 0; i < 3; i++) await call();  // warm-up: connection, JIT, the mock's cache
  const cpu0 = cpuMs();
  const wall0 = performance.now();
  let checksum = 0;
  for (let i = 0; i < args.iterations; i++) checksum += await call();
  const wall = performance.now() - wall0;
  const cpu = cpuMs() - cpu0;
  console.log(`mode ${label}\niterations ${args.iterations}\ncpu_ms_per_call ${(cpu / args.iterations).toFixed(3)}\n` +
    `wall_ms_per_call ${(wall / args.iterations).toFixed(3)}\nchecksum ${checksum}`);
}

if (mode === 'b64') {
  await perCall('b64', async () => decodeAll(await client.images.generate(b64Body)));
} else if (mode === 'url') {
  await perCall('url', async () => (await client.images.generate(urlBody)).data[0].url.length);
} else if (mode === 'concurrency') {
  await client.images.generate(urlBody);  // connect once, as a long-lived client would
  const cpu0 = cpuMs();
  const wall0 = performance.now();
  let next = 0;
  let ok = 0;
  const worker = async () => {
    while (next < args.requests) {
      next++;
      try {
        await client.images.generate(urlBody);
        ok++;
      } catch (e) {
        console.error(e.message);
      }
    }
  };
  await Promise.all(Array.from({ length: args.concurrency }, worker));
  const wall = (performance.now() - wall0) / 1000;
  console.log(`mode concurrency\nrequests ${args.requests}\nconcurrency ${args.concurrency}\nsucceeded ${ok}\n` +
    `wall_s ${wall.toFixed(3)}\ncpu_ms ${(cpuMs() - cpu0).toFixed(3)}`);
  if (ok !== args.requests) process.exitCode = 1;
} else if (mode === 'rss') {
  const before = statusKib('VmHWM');
  const response = await client.images.generate(b64Body);
  const decoded = decodeAll(response);
  const payload = response.data.reduce((n, item) => n + item.b64_json.length, 0);
  console.log(`mode rss\nhwm_before_kib ${before}\nhwm_after_kib ${statusKib('VmHWM')}\n` +
    `base64_bytes ${payload}\ndecoded_bytes ${decoded}`);
} else {
  console.error(`unknown mode '${mode}' (b64, url, concurrency, rss)`);
  process.exitCode = 2;
}
