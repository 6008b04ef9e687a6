package dev.nestedreft.api.train;

import dev.nestedreft.api.contract.Task;
import dev.nestedreft.api.contract.TaskProblem;
import dev.nestedreft.api.text.PromptFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.ToIntFunction;

/** A task whose prompts pass through a {@link PromptFormat} (chat template, few-shot examples) first. */
public final class FormattedTask implements Task {
  private final Task task;
  private final PromptFormat format;

  public FormattedTask(Task task, PromptFormat format) {
    this.task = task;
    this.format = format;
  }

  @Override
  public String name() {
    return task.name() + "+" + format.name();
  }

  @Override
  public List<TaskProblem> train(long position, int count) {
    return format(task.train(position, count));
  }

  @Override
  public List<TaskProblem> test(int count) {
    return format(task.test(count));
  }

  @Override
  public List<TaskProblem> validation(int count) {
    return format(task.validation(count));
  }

  @Override
  public OptionalInt heldOutCount() {
    return task.heldOutCount();
  }

  /** The wrapped task's longest prompt once formatted. */
  @Override
  public OptionalInt longestPrompt(ToIntFunction<String> length) {
    return task.longestPrompt(question -> length.applyAsInt(format.render(question)));
  }

  private List<TaskProblem> format(List<TaskProblem> problems) {
    return problems.stream().map(p -> new TaskProblem(p.id(), format.render(p.prompt()), p.reference(),
        p.solution())).toList();
  }
}
