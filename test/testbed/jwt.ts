/**
 * ES256 JWTs as distribution's token auth accepts them: raw r||s signature, `x5c` header
 * with the DER certificate of the signing key, `aud` as a single string.
 */
import { createPrivateKey, randomUUID, sign, X509Certificate, type KeyObject } from 'node:crypto';

export interface AccessEntry {
  type: string;
  name: string;
  actions: string[];
}

export interface TokenClaims {
  iss: string;
  sub: string;
  aud: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  access: AccessEntry[];
}

export interface JwtSigner {
  sign(claims: TokenClaims): string;
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

export function createJwtSigner(privateKeyPem: string, certificatePem: string): JwtSigner {
  const key: KeyObject = createPrivateKey(privateKeyPem);
  const certificateDer = new X509Certificate(certificatePem).raw.toString('base64');
  const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'ES256', x5c: [certificateDer] }));
  return {
    sign(claims) {
      const signingInput = `${header}.${base64url(JSON.stringify(claims))}`;
      const signature = sign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' });
      return `${signingInput}.${base64url(signature)}`;
    },
  };
}

export const TOKEN_LIFETIME_SECONDS = 300;

export function claimsFor(
  issuer: string,
  audience: string,
  subject: string,
  access: AccessEntry[],
  now: Date = new Date(),
): TokenClaims {
  const seconds = Math.floor(now.getTime() / 1000);
  return {
    iss: issuer,
    sub: subject,
    aud: audience,
    exp: seconds + TOKEN_LIFETIME_SECONDS,
    nbf: seconds - 10,
    iat: seconds,
    jti: randomUUID(),
    access,
  };
}
