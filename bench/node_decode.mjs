// Node's side of the decode comparison: JSON.parse + Buffer.from(b64, 'base64') for every image
// of the payload written by `decode_benchmark --write FILE`.
//   node bench/node_decode.mjs FILE [ITERATIONS]
import { readFileSync } from 'node:fs';

const [file, iterationsArg] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
const iterations = Number(iterationsArg ?? 50);
const times = [];
let checksum = 0;
for (let i = 0; i < iterations + 2; i++) {
  const start = process.hrtime.bigint();
  const response = JSON.parse(text);
  for (const item of response.data) checksum += Buffer.from(item.b64_json, 'base64').length;
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (i >= 2) times.push(ms);
}
times.sort((a, b) => a - b);
const pad = (s) => s.padEnd(44);
console.log(`${pad('node JSON.parse + Buffer.from all 4 images')} min ${times[0].toFixed(2).padStart(7)} ms   median ${times[times.length >> 1].toFixed(2).padStart(7)} ms   (${times.length} runs)`);
console.log(`(checksum ${checksum})`);
