/** An image reference after normalisation the way distribution/reference does it. */
export interface ImageRef {
  /** the text the user gave */
  input: string;
  /** registry domain, e.g. "docker.io", "myreg.example.com:5000", "localhost" */
  registry: string;
  /** repository path without the domain, e.g. "library/ubuntu", "alice/app" */
  repository: string;
  tag: string | null;
  digest: string | null;
  /** "docker.io/alice/app" (domain + "/" + path) */
  name: string;
  /** name plus ":tag" and/or "@digest" when given */
  normalized: string;
}
