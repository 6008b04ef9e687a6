/**
 * README.md's "Using it as a library" snippets as a project outside nested-reft writes them: one class per snippet,
 * whose imports and methods are the README block verbatim ({@code ReadmeTest} checks it), run by the tests on a tiny
 * model and short training runs.
 */
package com.example.nestedreft;
