(try_statement) @construct.try
(except_clause . [(identifier) (attribute) (tuple) (as_pattern)]? @detail) @construct.catch
(finally_clause) @construct.finally
(raise_statement) @construct.raise
(if_statement condition: (_) @detail) @construct.branch
(elif_clause condition: (_) @detail) @construct.branch
(match_statement subject: (_) @detail) @construct.switch
(conditional_expression) @construct.ternary
(for_statement left: (_) @detail) @construct.loop
(while_statement condition: (_) @detail) @construct.loop
(return_statement) @construct.return
(await) @construct.await
(assignment left: (attribute object: (identifier) @_self) @detail (#eq? @_self "self")) @construct.state-assignment
(augmented_assignment left: (attribute object: (identifier) @_self) @detail (#eq? @_self "self")) @construct.state-assignment
(global_statement (identifier) @detail) @construct.global-assignment
(comment) @comment
