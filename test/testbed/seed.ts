/**
 * A tiny image (one config blob, one gzipped tar layer, a Docker schema 2 manifest) built in
 * memory and pushed over the registry HTTP API, so that `docker manifest inspect` and
 * `skopeo inspect` have something real to find.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { request, type Dispatcher } from 'undici';

export interface Blob {
  digest: string;
  mediaType: string;
  content: Buffer;
}

export interface TinyImage {
  config: Blob;
  layer: Blob;
  manifest: Blob;
}

const BLOCK = 512;

function sha256(content: Buffer): string {
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

/** A ustar archive holding one regular file; fixed mtime so digests are stable. */
export function tarWithOneFile(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(BLOCK);
  header.write(name, 0, 100, 'utf8');
  header.write('0000644\0', 100, 'ascii');
  header.write('0000000\0', 108, 'ascii');
  header.write('0000000\0', 116, 'ascii');
  header.write(`${content.length.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
  header.write('00000000000\0', 136, 'ascii');
  header.write('0', 156, 'ascii');
  header.write('ustar\0', 257, 'ascii');
  header.write('00', 263, 'ascii');
  header.fill(' ', 148, 156);
  let checksum = 0;
  for (const byte of header) checksum += byte;
  header.write(`${checksum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  const padding = Buffer.alloc((BLOCK - (content.length % BLOCK)) % BLOCK);
  return Buffer.concat([header, content, padding, Buffer.alloc(BLOCK * 2)]);
}

export function buildTinyImage(): TinyImage {
  const tar = tarWithOneFile('hello.txt', Buffer.from('hello from the regauth testbed\n'));
  const layerContent = gzipSync(tar, { level: 9 });
  // the gzip header carries no mtime from zlib's gzipSync (it writes 0), so the digest is stable
  const layer: Blob = { digest: sha256(layerContent), mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', content: layerContent };
  const configContent = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Cmd: ['/hello.txt'] },
      rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
      history: [{ created_by: 'regauth testbed' }],
    }),
  );
  const config: Blob = { digest: sha256(configContent), mediaType: 'application/vnd.docker.container.image.v1+json', content: configContent };
  const manifestContent = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: { mediaType: config.mediaType, size: config.content.length, digest: config.digest },
      layers: [{ mediaType: layer.mediaType, size: layer.content.length, digest: layer.digest }],
    }),
  );
  const manifest: Blob = { digest: sha256(manifestContent), mediaType: 'application/vnd.docker.distribution.manifest.v2+json', content: manifestContent };
  return { config, layer, manifest };
}

async function expectStatus(
  what: string,
  response: Dispatcher.ResponseData,
  expected: readonly number[],
): Promise<void> {
  const body = await response.body.text();
  if (!expected.includes(response.statusCode)) {
    throw new Error(`seeding: ${what} answered ${response.statusCode}: ${body.slice(0, 300)}`);
  }
}

async function pushBlob(baseUrl: string, repository: string, blob: Blob, headers: Record<string, string>, dispatcher: Dispatcher): Promise<void> {
  const start = await request(`${baseUrl}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers, dispatcher });
  await expectStatus(`POST upload ${repository}`, start, [202]);
  const location = start.headers['location'];
  if (typeof location !== 'string') throw new Error(`seeding: no upload location for ${repository}`);
  const uploadUrl = new URL(location, baseUrl);
  uploadUrl.searchParams.set('digest', blob.digest);
  const put = await request(uploadUrl, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/octet-stream', 'content-length': String(blob.content.length) },
    body: blob.content,
    dispatcher,
  });
  await expectStatus(`PUT blob ${repository}`, put, [201]);
}

/** Pushes the image as `repository:tag`; `authorization` is a full header value. */
export async function pushImage(
  baseUrl: string,
  repository: string,
  tag: string,
  image: TinyImage,
  authorization: string,
  dispatcher: Dispatcher,
): Promise<void> {
  const headers = { authorization };
  await Promise.all([image.config, image.layer].map((blob) => pushBlob(baseUrl, repository, blob, headers, dispatcher)));
  const put = await request(`${baseUrl}/v2/${repository}/manifests/${tag}`, {
    method: 'PUT',
    headers: { ...headers, 'content-type': image.manifest.mediaType },
    body: image.manifest.content,
    dispatcher,
  });
  await expectStatus(`PUT manifest ${repository}:${tag}`, put, [201]);
}

export function splitImage(image: string): { repository: string; tag: string } {
  const colon = image.lastIndexOf(':');
  return { repository: image.slice(0, colon), tag: image.slice(colon + 1) };
}
