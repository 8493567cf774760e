// The flow the lab's GeneratedTypeScriptClientTest runs under Node.js (20+, fetch built in) with the TypeScript
// client OpenAPI Generator makes from the api's contract (typescript-fetch, never edited), against a running api:
// DC_API_URL (the api), DC_TOKEN (a trader's access token), DC_TAX_CODE (its enterprise). Exits non-zero at the
// first step that does not hold, naming it.
import { generateKeyPairSync } from "node:crypto";
import {
  Configuration,
  IdentityApi,
  ProblemFromJSON,
  ProceduresApi,
  ResponseError,
} from "../target/generated-test-sources/openapi-ts";

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

  // Signed in with the token: register a signing key (P-256, made here) and find it listed.
  const identity = new IdentityApi(new Configuration({ basePath, accessToken: token }));
  const kid = "ts-client-" + Date.now();
  const jwk = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" });
  const key = await identity.registerSigningKey({
    taxCode,
    signingKeyRegistration: { jwk: { ...jwk, kid } },
  });
  const listed = await identity.listSigningKeys({ taxCode });
  check("signing key registered and listed",
    key.kid === kid && listed.items.some((k) => k.kid === kid));
}

main().catch((e) => {
  console.error(String(e));
  process.exit(1);
});
