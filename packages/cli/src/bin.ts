import { main } from "./main";

// `yardstick`: exit with the command's code once output is flushed.
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
