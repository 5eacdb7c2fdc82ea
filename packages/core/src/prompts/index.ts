// Prompt schemas and templating are contracts (@yardstick/contracts/prompts); core keeps the diff.
export * from "./diff";
