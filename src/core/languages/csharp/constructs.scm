(try_statement) @construct.try
(catch_clause (catch_declaration type: (_) @detail)) @construct.catch
(catch_clause . "catch" . (block)) @construct.catch
(finally_clause) @construct.finally
(throw_statement) @construct.raise
(throw_expression) @construct.raise
(if_statement condition: (_) @detail) @construct.branch
(switch_statement value: (_) @detail) @construct.switch
(switch_expression . (_) @detail) @construct.switch
(conditional_expression) @construct.ternary
(for_statement) @construct.loop
(foreach_statement left: (_) @detail) @construct.loop
(while_statement condition: (_) @detail) @construct.loop
(do_statement) @construct.loop
(return_statement) @construct.return
(await_expression) @construct.await
(assignment_expression left: (member_access_expression expression: "this") @detail) @construct.state-assignment
(comment) @comment
