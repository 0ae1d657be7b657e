// Parse a GIFT file with gift-pegjs (a PEG grammar of Moodle's GIFT format) and print JSON.
const fs = require("fs");
const parser = require("gift-pegjs");
const text = fs.readFileSync(process.argv[2], "utf8");
process.stdout.write(JSON.stringify(parser.parse(text)));
