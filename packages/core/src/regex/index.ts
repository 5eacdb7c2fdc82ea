export {
  compileUserPattern,
  userPatternProblem,
  UserPatternError,
  type TUserPatternErrorKind,
  type TUserRegex,
  type TUserRegexMatch,
} from "./safe-regex";
