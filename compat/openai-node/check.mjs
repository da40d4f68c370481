// OpenAI's official Node SDK, unchanged, against edenai-mock-server: the mock must be faithful
// enough for it, as Eden AI is: generations, edits (multipart, with a mask) and the models list.
// Run by run.sh with the mock's base URL + "/v3".
//   node check.mjs http://127.0.0.1:PORT/v3
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import OpenAI, { toFile } from 'openai';

const baseURL = process.argv[2];
const client = new OpenAI({ apiKey: 'compat-key', baseURL, maxRetries: 2 });

function pngSize(bytes) {
  assert.equal(bytes.subarray(0, 8).toString('latin1'), '\x89PNG\r\n\x1a\n', 'a PNG signature');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

// A PNG written here, independently of the mock: 8-bit RGB or RGBA, filter type 0 on every row.
function png(width, height, channels, pixel) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const raw = Buffer.alloc(height * (1 + width * channels));
  for (let y = 0, at = 0; y < height; y++) {
    raw[at++] = 0;
    for (let x = 0; x < width; x++) for (const v of pixel(x, y)) raw[at++] = v;
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = channels === 4 ? 6 : 2;
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

// The RGB pixels of a PNG the mock wrote (8-bit RGB, any filter), row-major.
function rgbPixels(bytes) {
  const [width, height] = pngSize(bytes);
  const idat = [];
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at);
    if (bytes.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + length));
    at += length + 12;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * 3, out = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let i = 0; i < stride; i++) {
      const a = i >= 3 ? out[y * stride + i - 3] : 0, b = y > 0 ? out[(y - 1) * stride + i] : 0;
      const c = i >= 3 && y > 0 ? out[(y - 1) * stride + i - 3] : 0;
      const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const predictor = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter];
      out[y * stride + i] = (raw[y * (stride + 1) + 1 + i] + predictor) & 0xff;
    }
  }
  return out;
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

await check('images.edit sends two images and a mask as multipart; only the hole is repainted', async () => {
  const [w, h] = [40, 24];
  const canvasPixel = (x, y) => [x * 6, y * 10, 90];
  const canvas = png(w, h, 3, canvasPixel);
  const reference = png(w, h, 3, () => [10, 200, 30]);
  const inHole = (x, y) => x >= 10 && x < 30 && y >= 6 && y < 18;
  const mask = png(w, h, 4, (x, y) => [0, 0, 0, inHole(x, y) ? 0 : 255]);
  const response = await client.images.edit({  // the mock answers the first attempt 503
    model: 'openai/gpt-image-1',
    prompt: 'a paper boat at sunset',
    image: [await toFile(canvas, 'canvas.png', { type: 'image/png' }),
      await toFile(reference, 'reference.png', { type: 'image/png' })],
    mask: await toFile(mask, 'mask.png', { type: 'image/png' }),
    n: 2,
  });
  assert.equal(response.data.length, 2);
  assert.equal(response.provider, 'openai');
  assert.ok(response.cost > 0);
  for (const item of response.data) {
    const bytes = Buffer.from(item.b64_json, 'base64');
    assert.deepEqual(pngSize(bytes), [w, h]);
    const pixels = rgbPixels(bytes);
    let changed = 0;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const expected = canvasPixel(x, y), at = (y * w + x) * 3;
        const same = expected.every((v, c) => pixels[at + c] === v);
        if (!inHole(x, y)) assert.ok(same, `pixel ${x},${y} outside the mask is the canvas's`);
        else if (!same) changed++;
      }
    }
    assert.ok(changed > 0.9 * 20 * 12, `${changed} pixels of the hole repainted`);
  }
});

await check('models.list() includes the image models', async () => {
  const ids = [];
  for await (const model of client.models.list()) ids.push(model.id);
  for (const id of ['openai/gpt-image-1', 'google/imagen-4.0-generate-001', 'stabilityai/sd3.5-large']) {
    assert.ok(ids.includes(id), `${id} is listed`);
  }
  const page = await client.models.list();
  assert.equal(page.data[0].object, 'model');
});
