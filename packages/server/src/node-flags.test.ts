import { describe, expect, it } from "vitest";
import { webServerNodeFlags } from "./node-flags";

describe("webServerNodeFlags", () => {
  it("turns on single-threaded GC by default on two cores or fewer, not on more", () => {
    expect(webServerNodeFlags(undefined, 1)).toEqual(["--single-threaded-gc"]);
    expect(webServerNodeFlags("", 2)).toEqual(["--single-threaded-gc"]);
    expect(webServerNodeFlags("auto", 4)).toEqual([]);
  });

  it("follows an explicit setting whatever the cores", () => {
    expect(webServerNodeFlags("1", 16)).toEqual(["--single-threaded-gc"]);
    expect(webServerNodeFlags("true", 16)).toEqual(["--single-threaded-gc"]);
    expect(webServerNodeFlags("0", 2)).toEqual([]);
    expect(webServerNodeFlags("false", 1)).toEqual([]);
  });

  it("names the variable when the setting is not understood", () => {
    expect(() => webServerNodeFlags("yes", 2)).toThrow(
      /YARDSTICK_SINGLE_THREADED_GC must be auto, 1 or 0 \(got "yes"\)/,
    );
  });
});
