// OpenAI's official Node SDK, unchanged, against edenai-mock-server: the mock must be faithful
// enough for it, as Eden AI is. Run by run.sh with the mock's base URL + "/v3".
//   node check.mjs http://127.0.0.1:PORT/v3
import assert from 'node:assert/strict';
import OpenAI from 'openai';

const baseURL = process.argv[2];
const client = new OpenAI({ apiKey: 'compat-key', baseURL, maxRetries: 2 });

function pngSize(bytes) {
  assert.equal(bytes.subarray(0, 8).toString('latin1'), '\x89PNG\r\n\x1a\n', 'a PNG signature');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

async function check(name, body) {
  await body();
  console.log(`ok - ${name}`);
}

await check('a scripted 429 is retried by the SDK, then b64_json images decode', async () => {
  const response = await client.images.generate({
    model: 'openai/gpt-image-1', prompt: 'a paper boat', n: 2, size: '256x256',
  });
  assert.equal(response.data.length, 2);
  for (const item of response.data) {
    assert.deepEqual(pngSize(Buffer.from(item.b64_json, 'base64')), [256, 256]);
  }
  assert.equal(response.provider, 'openai');
  assert.ok(response.cost > 0);
  assert.ok(response.usage.total_tokens > 0);
});

await check('url images of other providers download', async () => {
  const response = await client.images.generate({
    model: 'google/imagen-4.0-generate-001', prompt: 'a castle', size: '16:9',
  });
  const image = await fetch(response.data[0].url);
  assert.equal(image.status, 200);
  assert.deepEqual(pngSize(Buffer.from(await image.arrayBuffer())), [1344, 768]);
});

await check('a 422 is an UnprocessableEntityError with the detail list', async () => {
  await assert.rejects(
    client.images.generate({ model: 'openai/gpt-image-1', prompt: 'x', n: 11 }),
    (error) => error instanceof OpenAI.UnprocessableEntityError && error.status === 422 &&
      error.error.detail[0].type === 'less_than_equal');
});

await check('a size the mock cannot honour is a BadRequestError', async () => {
  await assert.rejects(
    client.images.generate({ model: 'openai/gpt-image-1', prompt: 'x', size: 'banana' }),
    (error) => error instanceof OpenAI.BadRequestError && /banana/.test(error.message));
});

await check('a wrong key is an AuthenticationError', async () => {
  const wrong = new OpenAI({ apiKey: 'wrong-key', baseURL, maxRetries: 0 });
  await assert.rejects(
    wrong.images.generate({ model: 'openai/gpt-image-1', prompt: 'x' }),
    (error) => error instanceof OpenAI.AuthenticationError && error.status === 401);
});
