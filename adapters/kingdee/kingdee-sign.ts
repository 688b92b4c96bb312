import { createHmac } from 'node:crypto';

/**
 * Kingdee's API gateway signature (金蝶 API 网关 "API 2.0 签名认证"), used by Cloud Xingchen's open
 * platform (open.jdy.com) and api.kingdee.com:
 *
 *     METHOD \n
 *     urlencode(path) \n                      ("/" → "%2F")
 *     k1=enc(enc(v1))&k2=enc(enc(v2)) \n      (query parameters by key, values URL-encoded twice)
 *     x-api-nonce:<nonce> \n
 *     x-api-timestamp:<ms> \n
 *
 * signed with the client secret: HMAC-SHA256 → lower-case hex → Base64 of that hex text, sent as
 * `X-Api-Signature` next to `X-Api-ClientID`, `X-Api-Auth-Version: 2.0`, `X-Api-TimeStamp`, `X-Api-Nonce`
 * and `X-Api-SignHeaders: X-Api-TimeStamp,X-Api-Nonce`. The app signature that buys an `app-token` is
 * Base64(hex(HMAC-SHA256(appSecret, appKey))). Shared by the adapter and the test server, so both sides
 * follow one reading of the documents.
 */
export const encode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export const hmacHexBase64 = (secret: string, text: string) =>
  Buffer.from(createHmac('sha256', secret).update(text, 'utf8').digest('hex'), 'utf8').toString('base64');

export function signedText(method: string, path: string, query: Record<string, string>, nonce: string, timestamp: string): string {
  const params = Object.keys(query)
    .sort()
    .map((k) => `${k}=${encode(encode(query[k]))}`)
    .join('&');
  return `${method.toUpperCase()}\n${encode(path)}\n${params}\nx-api-nonce:${nonce}\nx-api-timestamp:${timestamp}\n`;
}

export const requestSignature = (
  clientSecret: string,
  method: string,
  path: string,
  query: Record<string, string>,
  nonce: string,
  timestamp: string,
) => hmacHexBase64(clientSecret, signedText(method, path, query, nonce, timestamp));

export const appSignature = (appKey: string, appSecret: string) => hmacHexBase64(appSecret, appKey);

export const SIGN_HEADERS = 'X-Api-TimeStamp,X-Api-Nonce';
