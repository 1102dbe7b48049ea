import { spawn } from "node:child_process";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { chmod, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createBrotliDecompress } from "node:zlib";

/** A Chromium ready to launch: its binary and the environment it needs. */
export interface ChromiumExecutable {
  executablePath: string;
  /** Variables to add to the browser process's environment. */
  env: Record<string, string>;
}

/**
 * The Chromium inside the `@sparticuz/chromium` npm package, for machines with Node and npm only
 * (no system browser, no root to install one). The package ships the binary brotli-compressed with
 * the few shared libraries it needs beyond glibc (NSS, NSPR, expat — `al2023.tar.br`), fonts and
 * SwiftShader. The package's own `executablePath()` unpacks into a fixed `/tmp/chromium` with no
 * guard against two test processes unpacking at once (turbo runs several), and unpacks the
 * libraries only on Amazon Linux; so this unpacks everything itself, into a directory named after
 * the package version, built beside and renamed into place, so a reader sees all of it or none.
 */
export async function bundledChromium(): Promise<ChromiumExecutable> {
  const require = createRequire(import.meta.url);
  // The package exports only its entry (build/index.js); its root is two levels up.
  const root = dirname(dirname(require.resolve("@sparticuz/chromium")));
  const { version } = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { version: string };
  const bin = join(root, "bin");
  const dir = join(tmpdir(), `wasi-mcp-chromium-${version}`);
  if (!existsSync(join(dir, "ready"))) await unpack(bin, dir);
  return {
    executablePath: join(dir, "chromium"),
    env: { LD_LIBRARY_PATH: join(dir, "lib"), FONTCONFIG_PATH: dir },
  };
}

async function unpack(bin: string, dir: string): Promise<void> {
  const staging = `${dir}.${process.pid}.${Date.now()}`;
  await mkdir(staging, { recursive: true });
  try {
    await pipeline(
      createReadStream(join(bin, "chromium.br")),
      createBrotliDecompress(),
      createWriteStream(join(staging, "chromium")),
    );
    await chmod(join(staging, "chromium"), 0o755);
    for (const archive of ["al2023.tar.br", "swiftshader.tar.br", "fonts.tar.br"]) {
      await untar(join(bin, archive), staging);
    }
    // The archive's fonts.conf names /tmp/fonts; point fontconfig at this directory instead.
    await writeFile(join(staging, "fonts.conf"), fontsConf(dir));
    await writeFile(join(staging, "ready"), "");
    await rename(staging, dir).catch(async (error: NodeJS.ErrnoException) => {
      // Another process finished first: its copy is as good as ours.
      if (error.code !== "ENOTEMPTY" && error.code !== "EEXIST") throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

function fontsConf(dir: string): string {
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    `<fontconfig><dir>${join(dir, "fonts")}</dir><cachedir>${join(dir, "fonts-cache")}</cachedir></fontconfig>`,
    "",
  ].join("\n");
}

/**
 * Brotli-decompresses a tar archive into `into`, then extracts it with the system's `tar` (on every
 * Debian). Through a file rather than a pipe: tar stops reading at the end-of-archive marker, which
 * would cut the pipe short.
 */
async function untar(archive: string, into: string): Promise<void> {
  const tarFile = join(into, ".archive.tar");
  await pipeline(createReadStream(archive), createBrotliDecompress(), createWriteStream(tarFile));
  const tar = spawn("tar", ["-x", "-f", tarFile, "-C", into], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  tar.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    tar.on("error", reject);
    tar.on("close", resolve);
  });
  await rm(tarFile, { force: true });
  if (code !== 0)
    throw new Error(`[@wasi-mcp/test-kit] unpacking ${archive} failed (tar exit ${code}): ${stderr.trim()}`);
}
