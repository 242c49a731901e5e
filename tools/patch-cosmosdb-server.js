// The emulator answers a point read of a missing item in a partitioned container with 500 instead of 404
// (it dereferences data[path] when data is undefined). Guard it so the Cosmos adapter sees the real 404.
const fs = require("fs");
const path = require("path");

const file = path.join(__dirname, "node_modules", "@vercel", "cosmosdb-server", "lib", "handler", "read-document.js");
const source = fs.readFileSync(file, "utf8");
if (source.includes("!data ||")) {
  process.exit(0);
}
const patched = source.replace("if (data[path] !== clientKeys[i])", "if (!data || data[path] !== clientKeys[i])");
if (patched === source) {
  console.error(`patch-cosmosdb-server: the expected code was not found in ${file}`);
  process.exit(1);
}
fs.writeFileSync(file, patched);
console.log("patch-cosmosdb-server: guarded the missing-item read");
