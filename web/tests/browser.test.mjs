// The playground in real headless Chromium (Debian's `chromium`, driven by playwright-core):
// the built page (dist/) served from localhost by this test, then what a jurist does —
// open it, pick försörjningsstöd, make a typo and see the Swedish diagnostic, fix it, run
// the exempel, fill in the form and get a bifall with the right amount and a letter.
// A screenshot of each step, at a laptop's and a phone's width, goes to test-results/
// (ignored by git). In the page it measures the WebAssembly module's gzip size and the time
// of a check of forsorjningsstod.regel, asserts the limits and prints the figures.
//
// Chromium: $DELEGAT_CHROMIUM, else /usr/bin/chromium. Build first: `npm run build`.
import test from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "../scripts/serve.mjs";

const dist = fileURLToPath(new URL("../dist", import.meta.url));
const artifacts = fileURLToPath(new URL("../test-results", import.meta.url));
const executablePath = process.env.DELEGAT_CHROMIUM ?? "/usr/bin/chromium";

const MAX_GZIP_BYTES = 2 * 1024 * 1024;
const MAX_CHECK_MS = 100;
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

test("the playground in Chromium", { timeout: 180_000 }, async (t) => {
  assert.ok(existsSync(join(dist, "index.html")), "dist/ is missing: run `npm run build` first");
  assert.ok(existsSync(executablePath), `no Chromium at ${executablePath} (set DELEGAT_CHROMIUM)`);
  mkdirSync(artifacts, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), "delegat-chromium-"));
  const { server, url } = await serve(dist);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: LAPTOP,
    locale: "sv-SE",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  t.after(async () => {
    await context.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  });

  const page = context.pages()[0] ?? (await context.newPage());
  const requests = [];
  const problems = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("pageerror", (e) => problems.push(`sidfel: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
  });
  const shot = async (name) => {
    await page.screenshot({ path: join(artifacts, `${name}.png`) });
  };
  const status = page.locator("#status");

  await t.test("opens with the shipped examples and checks the first", async () => {
    await page.goto(url);
    await page.waitForSelector('body[data-klar="ja"]', { timeout: 30_000 });
    await assert.doesNotReject(status.filter({ hasText: /^Kontrollen hittar/ }).waitFor());
    const options = await page.locator("#exempelval option").evaluateAll((os) => os.map((o) => o.value));
    for (const name of ["forsorjningsstod", "maxtaxa", "hemtjanst", "fritidsaktivitetsbidrag"]) {
      assert.ok(options.includes(name), `${name} not among ${options}`);
    }
    await shot("01-oppnad");
  });

  await t.test("picks forsorjningsstod", async () => {
    await page.selectOption("#exempelval", "maxtaxa");
    await page.locator(".cm-content").filter({ hasText: "förslag_till_avgift" }).first().waitFor({ timeout: 5000 }).catch(() => {});
    await page.selectOption("#exempelval", "forsorjningsstod");
    await page.locator(".cm-content", { hasText: "Ekonomiskt bistånd – försörjningsstöd" }).waitFor();
    await status.filter({ hasText: "0 fel och 1 varning" }).waitFor();
    assert.equal(await page.locator("#diagnoser li").count(), 1);
    assert.equal(await page.locator("#diagnoser li").getAttribute("data-kod"), "W0303");
    await shot("02-forsorjningsstod");
  });

  await t.test("a typo gives the Swedish diagnostic with help and the explain text", async () => {
    await page.locator(".cm-content").click();
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Enter");
    await page.keyboard.type("regel prov: belopp = boendekostand", { delay: 5 });
    await status.filter({ hasText: "1 fel" }).waitFor();
    const item = page.locator('#diagnoser li[data-kod="E0102"]');
    assert.equal(await item.locator(".message").textContent(), "namnet `boendekostand` finns inte");
    assert.equal(await item.locator(".help").textContent(), "hjälp: menade du `boendekostnad`?");
    const squiggle = page.locator(".cm-lintRange-error");
    await squiggle.first().waitFor();
    assert.equal(await squiggle.first().textContent(), "boendekostand");
    await squiggle.first().hover();
    const tip = page.locator(".cm-tooltip-lint .diagnostic-tip");
    await tip.waitFor();
    const text = await tip.textContent();
    assert.match(text, /fel E0102: namnet `boendekostand` finns inte/);
    assert.match(text, /hjälp: menade du `boendekostnad`\?/);
    // The code's explain page (docs/errors/E0102.md) is in the hover: its summary line, and
    // the rest of the page when opened.
    const page102 = readFileSync(new URL("../../docs/errors/E0102.md", import.meta.url), "utf8");
    const summary = /^\*\*(.+?)\*\*/m.exec(page102)[1];
    assert.equal(await tip.locator("details summary").textContent(), `E0102: ${summary}`);
    await tip.locator("details summary").click();
    assert.ok((await tip.locator(".explain").textContent()).length > 100, "the explain page's text");
    await shot("03-stavfel");
  });

  await t.test("fixing it makes the diagnostic go", async () => {
    await page.locator(".cm-content").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("Control+End");
    for (let i = 0; i < 3; i += 1) await page.keyboard.press("Backspace");
    await page.keyboard.type("nad");
    await status.filter({ hasText: "0 fel och 1 varning" }).waitFor();
    assert.equal(await page.locator(".cm-lintRange-error").count(), 0);
    assert.equal(await page.locator('#diagnoser li[data-kod="E0102"]').count(), 0);
    await shot("04-rattat");
  });

  await t.test("Formatera gives the canonical layout", async () => {
    await page.locator(".cm-content").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Enter");
    await page.keyboard.type("regel   extra :  heltal=1");
    await status.filter({ hasText: "0 fel och 1 varning" }).waitFor();
    await page.click("#formatera");
    await page.locator(".cm-content").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("Control+End");
    // `delegat fmt` writes the line so.
    const lines = await page.locator(".cm-line").allTextContents();
    assert.equal(lines.filter((l) => l.startsWith("regel") && l.includes("extra")).join("|"), "regel extra: heltal = 1");
  });

  await t.test("runs the exempel: all pass", async () => {
    await page.click("#kor-exemplen");
    const summary = page.locator("#exempel-summering");
    await summary.waitFor();
    // Every exempel of the shipped file (what `delegat test` runs), counted in its text.
    const source = readFileSync(new URL("../../examples/forsorjningsstod.regel", import.meta.url), "utf8");
    const n = source.split("\n").filter((l) => l.startsWith("exempel \"")).length;
    assert.ok(n >= 50, `${n} exempel`);
    assert.equal(await summary.textContent(), `${n} godkända, 0 underkända av ${n} exempel.`);
    assert.equal(await page.locator(".examples li.failed").count(), 0);
    assert.equal(await page.locator(".examples li.passed").count(), n);
    assert.equal(await page.locator("#flik-exempel").getAttribute("aria-selected"), "true");
    await shot("05-exemplen");
  });

  await t.test("decides a case from the generated form: bifall with 8 180 kr and a letter", async () => {
    await page.click("#flik-arende");
    assert.equal(await page.locator("#beslutsval").inputValue(), "försörjningsstöd");
    const form = page.locator("#arende");
    const fill = (name, value) => form.locator(`[data-falt="${name}"]`).fill(value);
    const no = (name) => form.locator(`fieldset[data-falt="${name}"]`).getByLabel("Nej", { exact: true }).check();
    // The labels are the rule file's `fråga` texts.
    await form.getByLabel("Beslutsdatum", { exact: true }).fill("2024-01-01");
    await form.getByLabel("Vilken månad söker du försörjningsstöd för?", { exact: false }).fill("2024-01-01");
    for (const name of ["första_ansökan", "ändrat_hushåll", "övriga_omständigheter", "har_tillgångar"]) await no(name);
    await form.locator('[data-falt="hushållsform"]').selectOption("sammanlevande");
    for (const [i, age] of [3, 5].entries()) {
      await form.getByRole("button", { name: "Lägg till barn" }).click();
      await fill(`barn[${i}].ålder`, String(age));
      await form.locator(`fieldset[data-falt="barn[${i}].lunch_utanför_hemmet"]`).getByLabel("Ja", { exact: true }).check();
    }
    await fill("antal_i_bostaden", "4");
    await fill("boendekostnad", "11 000");
    await fill("hushållsel", "600");
    await fill("arbetsresor", "800");
    await fill("hemförsäkring", "250");
    await fill("fackavgift_och_akassa", "450");
    await fill("arbetsinkomst", "15000");
    await fill("månader_med_stöd_före_arbetet", "2");
    await fill("månader_med_arbetsinkomst", "10");
    await form.locator('[data-lagg-till="övriga_inkomster"]').click();
    await fill("övriga_inkomster[0]", "2500");
    await form.locator('[data-lagg-till="övriga_inkomster"]').click();
    await fill("övriga_inkomster[1]", "1 250 kr");
    await shot("06-formular");
    await form.getByRole("button", { name: "Fatta beslut" }).click();
    const outcome = page.locator("#beslut-rubrik");
    await outcome.waitFor();
    // examples/fall/forsorjningsstod.json, the same case: `delegat run` gives bifall 8 180 kr.
    assert.equal(await outcome.textContent(), "Bifall: 8 180 kr");
    // The heading is the decision's `titel:`, not its name in the rule file.
    assert.equal(await page.locator("#beslut-titel").textContent(), "Ekonomiskt bistånd – försörjningsstöd");
    const letter = await page.locator("#brev-text").textContent();
    assert.match(letter, /Ansökan beviljas\. Du får 8 180 kr\./);
    assert.match(letter, /Socialnämnden i Exempelkommun/);
    await page.locator("#beslut-resultat").scrollIntoViewIfNeeded();
    await shot("07-beslut");
  });

  await t.test("a missing answer gives the runtime's Swedish error, no decision", async () => {
    await page.locator('fieldset[data-falt="har_tillgångar"]').getByLabel("Nej", { exact: true }).uncheck().catch(() => {});
    await page.locator('[data-falt="antal_i_bostaden"]').fill("");
    await page.getByRole("button", { name: "Fatta beslut" }).click();
    const failure = page.locator("#beslut-resultat .failure");
    await failure.waitFor();
    assert.match(await failure.textContent(), /antal_i_bostaden/);
    assert.equal(await failure.getAttribute("data-falt-fel"), "antal_i_bostaden");
    await page.locator('[data-falt="antal_i_bostaden"]').fill("4");
  });

  await t.test("the nämnd's report in a sandboxed frame", async () => {
    await page.click("#flik-rapport");
    const frame = page.frameLocator("#rapport");
    await frame.locator("body").waitFor();
    assert.match(await frame.locator("body").textContent(), /försörjningsstöd/);
    assert.equal(await page.locator("#rapport").getAttribute("sandbox"), "");
    await shot("08-rapport");
  });

  await t.test("the tabs work from the keyboard", async () => {
    await page.locator("#flik-rapport").focus();
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.locator("#flik-kontroll").getAttribute("aria-selected"), "true");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "flik-kontroll");
    await page.keyboard.press("End");
    assert.equal(await page.locator("#flik-rapport").getAttribute("aria-selected"), "true");
  });

  await t.test("at a phone's width", async () => {
    await page.setViewportSize(PHONE);
    await page.click("#flik-kontroll");
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot("09-telefon-regelfil");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow} px wider than a phone`);
    await page.click("#flik-arende");
    await page.getByRole("button", { name: "Fatta beslut" }).click();
    await page.locator("#beslut-rubrik").filter({ hasText: "Bifall: 8 180 kr" }).waitFor();
    await page.locator("#beslut-rubrik").scrollIntoViewIfNeeded();
    await shot("10-telefon-beslut");
    await page.locator("#arende").scrollIntoViewIfNeeded();
    await shot("11-telefon-formular");
    await page.setViewportSize(LAPTOP);
  });

  await t.test("size and speed, measured in the page", async () => {
    const { raw, gzip } = await page.evaluate(async () => {
      const entry = performance.getEntriesByType("resource").find((e) => e.name.endsWith(".wasm"));
      const bytes = new Uint8Array(await (await fetch(entry.name)).arrayBuffer());
      const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"));
      const compressed = await new Response(stream).arrayBuffer();
      return { raw: bytes.length, gzip: compressed.byteLength };
    });
    // The median of 21 checks, timed in the page with performance.now(). On a machine busy
    // with other work that clock also counts the time the page waits for a processor, so the
    // page's own processor time for the same calls is measured too (Chromium's task time in
    // thread ticks, through the DevTools protocol). The processor time is asserted always;
    // the clock time when the machine is not oversubscribed (load average below its cores).
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable", { timeDomain: "threadTicks" });
    const taskSeconds = async () =>
      (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "TaskDuration").value;
    const RUNS = 21;
    const before = await taskSeconds();
    const times = await page.evaluate((runs) => {
      const source = JSON.parse(globalThis.delegat.examples()).find((e) => e.name === "forsorjningsstod").source;
      const out = [];
      for (let i = 0; i < runs; i += 1) {
        const start = performance.now();
        globalThis.delegat.check(source);
        out.push(performance.now() - start);
      }
      return out.sort((a, b) => a - b);
    }, RUNS);
    const cpuMs = ((await taskSeconds()) - before) * 1000 / RUNS;
    const median = times[Math.floor(RUNS / 2)];
    const load = loadavg()[0];
    const busy = load >= availableParallelism();
    console.log(
      `wasm module: ${raw} bytes, ${gzip} bytes gzip (${(gzip / 1024 / 1024).toFixed(2)} MB); ` +
        `check of forsorjningsstod.regel: median ${median.toFixed(1)} ms (min ${times[0].toFixed(1)}, ` +
        `max ${times[RUNS - 1].toFixed(1)}, ${RUNS} runs), processor time ${cpuMs.toFixed(1)} ms per check; ` +
        `load average ${load.toFixed(1)} on ${availableParallelism()} cores`,
    );
    assert.ok(gzip < MAX_GZIP_BYTES, `the module is ${gzip} bytes gzip-compressed`);
    assert.ok(cpuMs > 1 && cpuMs < MAX_CHECK_MS, `a check takes ${cpuMs} ms of processor time`);
    if (busy) console.log("the machine is oversubscribed: the clock time is printed, not asserted");
    else assert.ok(median < MAX_CHECK_MS, `a check takes ${median} ms`);
  });

  await t.test("nothing left the page, and nothing went wrong in it", () => {
    const outside = requests.filter((u) => !u.startsWith(url) && !u.startsWith("data:") && !u.startsWith("about:"));
    assert.deepEqual(outside, []);
    assert.deepEqual(problems, []);
  });
});
