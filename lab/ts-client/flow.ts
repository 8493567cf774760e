// The flow the lab's GeneratedTypeScriptClientTest runs under Node.js (20+, fetch and WebCrypto built in) with the
// TypeScript client OpenAPI Generator makes from the api's contract (typescript-fetch, never edited), against a
// running api: DC_API_URL (the api), DC_TOKEN (a trader's access token), DC_TAX_CODE (its enterprise, a priority
// one, whose declarations the default ruleset routes GREEN), DC_DECLARATION (the declaration document to sign, as
// JSON text). Exits non-zero at the first step that does not hold, naming it.
//
// Signing and verifying use Node's WebCrypto alone (ECDSA P-256 with SHA-256, whose signature is the 64-byte r||s
// that JWS ES256 is): a compact JWS needs nothing more than base64url and two calls.
import { randomUUID, webcrypto } from "node:crypto";
import {
  Configuration,
  DeclarationsApi,
  IdentityApi,
  PaymentStatusEnum,
  PaymentsApi,
  ProblemFromJSON,
  ProceduresApi,
  ReceiptsApi,
  ResponseError,
} from "../target/generated-test-sources/openapi-ts";

const subtle = webcrypto.subtle;
const ES256 = { name: "ECDSA", hash: "SHA-256" } as const;
const P256 = { name: "ECDSA", namedCurve: "P-256" } as const;

function check(what: string, ok: boolean): void {
  if (!ok) {
    throw new Error("step failed: " + what);
  }
  console.log("ok: " + what);
}

async function main(): Promise<void> {
  const basePath = process.env.DC_API_URL ?? "";
  const token = process.env.DC_TOKEN ?? "";
  const taxCode = process.env.DC_TAX_CODE ?? "";
  const procedures = new ProceduresApi(new Configuration({ basePath }));

  // Procedure search, page by page with the cursors.
  const codes: string[] = [];
  let cursor: string | undefined = undefined;
  let pages = 0;
  do {
    const page = await procedures.listProcedures({ lang: "en", limit: 2, cursor });
    page.items.forEach((p) => codes.push(p.code));
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor !== undefined && pages < 100);
  check("paged search: " + pages + " pages, " + codes.length + " procedures, none twice",
    pages > 1 && pages < 100 && new Set(codes).size === codes.length && codes.includes("HQ-001"));

  // A conditional GET: the ETag of the first answer gets a 304 (a ResponseError in typescript-fetch).
  const first = await procedures.getProcedureRaw({ code: "HQ-001", lang: "en" });
  const etag = first.raw.headers.get("etag");
  check("an ETag on the procedure", etag !== null && etag.length > 0);
  let status = 0;
  try {
    await procedures.getProcedureRaw({ code: "HQ-001", lang: "en", ifNoneMatch: etag ?? "" });
  } catch (e) {
    if (!(e instanceof ResponseError)) throw e;
    status = e.response.status;
  }
  check("If-None-Match answered 304", status === 304);

  // A refusal read as the contract's Problem.
  let problemType = "";
  let pointer = "";
  try {
    await procedures.listProcedures({ lang: "en", level: 9 });
  } catch (e) {
    if (!(e instanceof ResponseError)) throw e;
    check("refusal is problem+json",
      (e.response.headers.get("content-type") ?? "").startsWith("application/problem+json"));
    const problem = ProblemFromJSON(await e.response.json());
    problemType = problem.type;
    pointer = problem.errors?.[0]?.pointer ?? "";
  }
  check("typed Problem with its field error", problemType.startsWith("urn:digital-customs:problem:")
    && pointer.includes("level"));

  // Signed in with the token: register a signing key (P-256, made here with WebCrypto) and find it listed.
  const signedIn = new Configuration({ basePath, accessToken: token });
  const identity = new IdentityApi(signedIn);
  const kid = "ts-client-" + Date.now();
  const phone = await subtle.generateKey(P256, false, ["sign", "verify"]);
  const { kty, crv, x, y } = await subtle.exportKey("jwk", phone.publicKey);
  const key = await identity.registerSigningKey({
    taxCode,
    signingKeyRegistration: { jwk: { kty, crv, x, y, kid } },
  });
  const listed = await identity.listSigningKeys({ taxCode });
  check("signing key registered and listed",
    key.kid === kid && listed.items.some((k) => k.kid === kid));

  // A declaration signed with it (compact JWS, ES256), sent with an Idempotency-Key, then sent again with the same
  // key: the retry replays the first answer. The default ruleset routes the priority enterprise GREEN unless its
  // random draw (1.75 %, keyed on the declaration's number) picks it: a picked one is replaced by the next
  // submission, whose number differs; five picks in a row would be a fault.
  const declarations = new DeclarationsApi(signedIn);
  const document = process.env.DC_DECLARATION ?? "";
  let id = "";
  let payable = "";
  for (let attempt = 0; attempt < 5 && id === ""; attempt++) {
    const jws = await signJws(phone.privateKey, kid, document);
    const idempotencyKey = randomUUID();
    const first = await declarations.createDeclarationRaw({ body: jws, idempotencyKey });
    const declaration = await first.value();
    const retry = await declarations.createDeclarationRaw({ body: jws, idempotencyKey });
    const replayed = await retry.value();
    check("signed declaration registered, its retry replayed (attempt " + (attempt + 1) + ")",
      first.raw.status === 201
        && declaration.signed === true
        && declaration.signingKid === kid
        && declaration.enterpriseTaxCode === taxCode
        && first.raw.headers.get("idempotent-replayed") === null
        && replayed.id === declaration.id
        && replayed.number === declaration.number
        && retry.raw.headers.get("idempotent-replayed") === "true");
    if (declaration.channel === "GREEN") {
      check("GREEN and awaiting payment",
        declaration.status === "AWAITING_PAYMENT" && Number(declaration.totalPayableVnd) > 0);
      id = declaration.id;
      payable = declaration.totalPayableVnd ?? "";
    }
  }
  check("a GREEN declaration within five submissions", id !== "");

  // Paid through the sandbox bank: the payment's URL opened as a browser would, the bank's form sent with the
  // "pay" button; the bank then calls the api's IPN, which settles the payment.
  const payments = new PaymentsApi(signedIn);
  const payment = await payments.createPayment({ id, idempotencyKey: randomUUID() });
  check("payment opened, PENDING, for the whole amount, with a URL at the bank",
    payment.status === PaymentStatusEnum.Pending
      && Number(payment.amountVnd) === Number(payable)
      && typeof payment.paymentUrl === "string");
  await payAtBank(payment.paymentUrl ?? "", payable);
  const deadline = Date.now() + 20_000;
  let paid: string = payment.status;
  while (paid !== PaymentStatusEnum.Paid && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    paid = (await payments.getPayment({ id, paymentId: payment.id })).status;
  }
  check("the payment PAID", paid === PaymentStatusEnum.Paid);

  // The signed e-receipt, verified against the service's published keys (read without signing in).
  const receipt = await new ReceiptsApi(signedIn).getReceipt({ id });
  const published = await new ReceiptsApi(new Configuration({ basePath })).getServiceJwks();
  const verified = await verifyJws(receipt.jws, published.keys as JsonWebKey[]);
  check("the e-receipt's JWS verifies against /.well-known/jwks.json",
    verified !== null
      && verified.declarationId === id
      && receipt.receipt.declarationId === id
      && Number(receipt.receipt.totalVnd) === Number(payable)
      && receipt.kid === JSON.parse(utf8(base64url(receipt.jws.split(".")[0]))).kid);
  const [h, , sig] = receipt.jws.split(".");
  const forged = h + "." + toBase64url(Buffer.from(JSON.stringify({ ...verified, totalVnd: "1" }))) + "." + sig;
  check("an altered receipt does not verify", (await verifyJws(forged, published.keys as JsonWebKey[])) === null);

  // The key withdrawn: a declaration signed with it is refused, as a typed Problem.
  await identity.revokeSigningKey({ taxCode, kid });
  let refused = "";
  try {
    await declarations.createDeclaration({ body: await signJws(phone.privateKey, kid, document) });
  } catch (e) {
    if (!(e instanceof ResponseError)) throw e;
    refused = e.response.status + " " + ProblemFromJSON(await e.response.json()).type;
  }
  check("signing key revoked, its signature refused", refused === "422 urn:digital-customs:problem:signing-key");
}

/** A compact JWS (ES256) of the text, with the kid in its header. */
async function signJws(key: webcrypto.CryptoKey, kid: string, payload: string): Promise<string> {
  const input = toBase64url(Buffer.from(JSON.stringify({ alg: "ES256", kid })))
    + "." + toBase64url(Buffer.from(payload, "utf8"));
  const signature = await subtle.sign(ES256, key, Buffer.from(input, "ascii"));
  return input + "." + toBase64url(Buffer.from(signature));
}

/**
 * The payload of a compact JWS (ES256) if it verifies with the key of the set its header names; null if not (no
 * such key, another algorithm, a bad signature).
 */
async function verifyJws(jws: string, keys: JsonWebKey[]): Promise<Record<string, unknown> | null> {
  const parts = jws.split(".");
  if (parts.length !== 3) return null;
  const header = JSON.parse(utf8(base64url(parts[0])));
  const jwk = keys.find((k) => (k as { kid?: string }).kid === header.kid);
  if (header.alg !== "ES256" || jwk === undefined || jwk.kty !== "EC" || jwk.crv !== "P-256") return null;
  const { kty, crv, x, y } = jwk;
  const key = await subtle.importKey("jwk", { kty, crv, x, y }, P256, false, ["verify"]);
  const ok = await subtle.verify(ES256, key, base64url(parts[2]), Buffer.from(parts[0] + "." + parts[1], "ascii"));
  return ok ? JSON.parse(utf8(base64url(parts[1]))) : null;
}

/** The payer at the sandbox bank: opens the payment page, checks the amount, presses "pay" in its form. */
async function payAtBank(paymentUrl: string, amountVnd: string): Promise<void> {
  const page = await fetch(paymentUrl);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  const txnRef = /name="vnp_TxnRef" value="([A-Za-z0-9]+)"/.exec(html)?.[1];
  const shown = /<strong>([0-9.]+) VND<\/strong>/.exec(html)?.[1];
  check("the bank's page shows the amount and its form",
    page.status === 200 && Number(shown) === Number(amountVnd) && action !== undefined && txnRef !== undefined);
  const redirect = await fetch(new URL(action ?? "", paymentUrl), {
    method: "POST",
    body: new URLSearchParams({ vnp_TxnRef: txnRef ?? "", bankCode: "VCB", action: "pay" }),
    redirect: "manual",
  });
  check("the bank sends the payer back", redirect.status === 302 && redirect.headers.get("location") !== null);
}

function toBase64url(bytes: Buffer): string {
  return bytes.toString("base64url");
}

function base64url(text: string): Buffer {
  return Buffer.from(text, "base64url");
}

function utf8(bytes: Buffer): string {
  return bytes.toString("utf8");
}

main().catch((e) => {
  console.error(String(e));
  process.exit(1);
});
