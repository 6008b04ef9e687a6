/**
 * Checkpoint formats written from their specifications: safetensors (reader, writer, 16-bit float conversion)
 * and the Hugging Face model directory; files are replaced atomically.
 */
package dev.nestedreft.api.checkpoint;
