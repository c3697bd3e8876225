(try_statement) @construct.try
(catch_clause parameter: (_)? @detail) @construct.catch
(finally_clause) @construct.finally
(throw_statement) @construct.raise
; `if` and each `else if` (an if_statement nested in an else_clause); detail is the condition without parentheses.
(if_statement condition: (parenthesized_expression (_) @detail)) @construct.branch
(switch_statement value: (parenthesized_expression (_) @detail)) @construct.switch
(ternary_expression) @construct.ternary
(for_statement condition: (_)? @detail) @construct.loop
; for-in and for-of (one node type); detail is the loop variable.
(for_in_statement left: (_) @detail) @construct.loop
(while_statement condition: (parenthesized_expression (_) @detail)) @construct.loop
(do_statement condition: (parenthesized_expression (_) @detail)) @construct.loop
(return_statement) @construct.return
(await_expression) @construct.await
; Assignments to `this.x` (plain, compound `+=`, `++`); detail is the target.
(assignment_expression left: (member_expression object: (this)) @detail) @construct.state-assignment
(augmented_assignment_expression left: (member_expression object: (this)) @detail) @construct.state-assignment
(update_expression argument: (member_expression object: (this)) @detail) @construct.state-assignment
(comment) @comment
