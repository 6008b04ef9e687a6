/**
 * The TensorFlow Java backend: the Llama/Qwen2 forward pass for any layer plan, built from TensorFlow ops over
 * variables that hold the model's weights. Provider name {@code "tf"}.
 */
package dev.nestedreft.tf;
