; No try/catch: errors are values. `?` propagates one (an error check); panics are raises.
(try_expression) @construct.error-check
((macro_invocation macro: (identifier) @detail) @construct.raise
  (#any-of? @detail "panic" "unreachable" "todo" "unimplemented"))
(if_expression condition: (_) @detail) @construct.branch
(let_declaration value: (if_expression) @construct.ternary)
(match_expression value: (_) @detail) @construct.switch
(for_expression pattern: (_) @detail) @construct.loop
(while_expression condition: (_) @detail) @construct.loop
(loop_expression) @construct.loop
(return_expression) @construct.return
(await_expression) @construct.await
(assignment_expression left: (field_expression value: (self)) @detail) @construct.state-assignment
(compound_assignment_expr left: (field_expression value: (self)) @detail) @construct.state-assignment
(assignment_expression left: (identifier) @detail (#match? @detail "^[A-Z][A-Z0-9_]*$")) @construct.global-assignment
(line_comment) @comment
(block_comment) @comment
