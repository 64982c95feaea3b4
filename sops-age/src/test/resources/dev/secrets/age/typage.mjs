// Runs typage (npm age-encryption, by age's author) for the Java tests (Typage.java).
// The package folder is $TYPAGE_DIR (outside the repository). Secrets come on stdin or in files.
//   keygen-pq                     -> identity line, recipient line
//   recipient                     stdin identity -> recipient
//   encrypt RECIPIENT...          stdin bytes -> armored age file
//   encrypt-passphrase LOG2N armor|binary   stdin: passphrase line, then the bytes -> age file (scrypt)
//   decrypt IDENTITY_FILE         stdin armored age file -> plaintext bytes (exit 1 on failure)
//   vectors OUT_DIR PART          every C2SP test vector (npm cctv-age) whose name has PART -> OUT_DIR/<name>
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const dir = process.env.TYPAGE_DIR;
const age = await import(pathToFileURL(join(dir, "node_modules/age-encryption/dist/index.js")).href);
const [cmd, ...args] = process.argv.slice(2);
const stdin = () => readFileSync(0);

try {
  if (cmd === "keygen-pq") {
    const id = await age.generateHybridIdentity();
    process.stdout.write(id + "\n" + (await age.identityToRecipient(id)) + "\n");
  } else if (cmd === "recipient") {
    process.stdout.write((await age.identityToRecipient(stdin().toString().trim())) + "\n");
  } else if (cmd === "encrypt") {
    const e = new age.Encrypter();
    for (const r of args) e.addRecipient(r);
    process.stdout.write(age.armor.encode(await e.encrypt(new Uint8Array(stdin()))));
  } else if (cmd === "encrypt-passphrase") {
    const input = stdin();
    const nl = input.indexOf(10);
    const e = new age.Encrypter();
    e.setPassphrase(input.subarray(0, nl).toString());
    e.setScryptWorkFactor(Number(args[0]));
    const out = await e.encrypt(new Uint8Array(input.subarray(nl + 1)));
    process.stdout.write(args[1] === "armor" ? age.armor.encode(out) : out);
  } else if (cmd === "decrypt") {
    const d = new age.Decrypter();
    for (const line of readFileSync(args[0]).toString().split("\n")) {
      if (line !== "" && !line.startsWith("#")) d.addIdentity(line);
    }
    process.stdout.write(await d.decrypt(age.armor.decode(stdin().toString())));
  } else if (cmd === "vectors") {
    const vectors = await import(pathToFileURL(join(dir, "node_modules/cctv-age/index.js")).href);
    for (const [name, bytes] of Object.entries(vectors)) {
      if (name.includes(args[1])) writeFileSync(join(args[0], name), bytes);
    }
  } else {
    throw new Error("unknown command " + cmd);
  }
} catch (e) {
  process.stderr.write("typage: " + e.message + "\n");
  process.exit(1);
}
