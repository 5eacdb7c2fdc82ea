export * from "./candidate-text";
export * from "./similarity-groups";
export * from "./tfidf-index";
