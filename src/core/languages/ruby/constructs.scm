(begin) @construct.try
(rescue exceptions: (exceptions) @detail) @construct.catch
(rescue !exceptions) @construct.catch
(rescue_modifier) @construct.catch
(ensure) @construct.finally
(call !receiver method: (identifier) @_raise (#any-of? @_raise "raise" "fail")) @construct.raise
; A bare `raise` re-raises; it reads as an identifier statement (not the method of a call).
(body_statement (identifier) @construct.raise (#any-of? @construct.raise "raise" "fail"))
(then (identifier) @construct.raise (#any-of? @construct.raise "raise" "fail"))
(else (identifier) @construct.raise (#any-of? @construct.raise "raise" "fail"))
(begin (identifier) @construct.raise (#any-of? @construct.raise "raise" "fail"))
(ensure (identifier) @construct.raise (#any-of? @construct.raise "raise" "fail"))
(do (identifier) @construct.raise (#any-of? @construct.raise "raise" "fail"))
(block_body (identifier) @construct.raise (#any-of? @construct.raise "raise" "fail"))
(parenthesized_statements (identifier) @construct.raise (#any-of? @construct.raise "raise" "fail"))
(if condition: (_) @detail) @construct.branch
(elsif condition: (_) @detail) @construct.branch
(unless condition: (_) @detail) @construct.branch
(if_modifier condition: (_) @detail) @construct.branch
(unless_modifier condition: (_) @detail) @construct.branch
(case value: (_)? @detail) @construct.switch
(case_match value: (_) @detail) @construct.switch
(conditional) @construct.ternary
(for pattern: (_) @detail) @construct.loop
(while condition: (_) @detail) @construct.loop
(until condition: (_) @detail) @construct.loop
(while_modifier condition: (_) @detail) @construct.loop
(until_modifier condition: (_) @detail) @construct.loop
; Iteration is usually a method taking a block.
(call
  method: (identifier) @detail
  block: (_)
  (#any-of? @detail "each" "each_with_index" "each_with_object" "each_pair" "each_slice" "times" "upto" "downto" "loop" "find_each")) @construct.loop
(return) @construct.return
(assignment left: (instance_variable) @detail) @construct.state-assignment
(operator_assignment left: (instance_variable) @detail) @construct.state-assignment
(assignment left: (class_variable) @detail) @construct.state-assignment
(operator_assignment left: (class_variable) @detail) @construct.state-assignment
(assignment left: (call receiver: (self)) @detail) @construct.state-assignment
(assignment left: (global_variable) @detail) @construct.global-assignment
(operator_assignment left: (global_variable) @detail) @construct.global-assignment
(comment) @comment
