// Checks GS1 Digital Link URIs with GS1's own library (digital-link.js, pinned in package.json, installed by dev.sh):
// its grammar on each string exactly as printed, then the parsed link's check digit.
// Reads a JSON list of URIs on stdin, writes {uri: [grammar ok, check digit ok]} on stdout.
const { DigitalLink } = require("digital-link.js");
const { validateUrl } = require("digital-link.js/src/util");

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const results = {};
  for (const uri of JSON.parse(input)) {
    let digits = false;
    try {
      digits = DigitalLink(uri).isCheckDigitValid();
    } catch (error) {
      digits = false;
    }
    results[uri] = [validateUrl(uri), digits];
  }
  process.stdout.write(JSON.stringify(results));
});
