/**
 * Text contracts: the {@link dev.nestedreft.spi.text.Tokenizer} that turns prompts into token ids and
 * generated ids back into text.
 */
package dev.nestedreft.spi.text;
