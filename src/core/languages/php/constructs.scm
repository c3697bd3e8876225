(try_statement) @construct.try
(catch_clause type: (_) @detail) @construct.catch
(finally_clause) @construct.finally
(throw_expression) @construct.raise
(if_statement condition: (parenthesized_expression (_) @detail)) @construct.branch
(else_if_clause condition: (parenthesized_expression (_) @detail)) @construct.branch
(switch_statement condition: (parenthesized_expression (_) @detail)) @construct.switch
(match_expression condition: (parenthesized_expression (_) @detail)) @construct.switch
(conditional_expression) @construct.ternary
(for_statement) @construct.loop
(foreach_statement "as" . (_) @detail) @construct.loop
(while_statement condition: (parenthesized_expression (_) @detail)) @construct.loop
(do_statement) @construct.loop
(return_statement) @construct.return
(assignment_expression
  left: (member_access_expression object: (variable_name (name) @_this)) @detail
  (#eq? @_this "this")) @construct.state-assignment
(augmented_assignment_expression
  left: (member_access_expression object: (variable_name (name) @_this)) @detail
  (#eq? @_this "this")) @construct.state-assignment
(assignment_expression left: (scoped_property_access_expression) @detail) @construct.state-assignment
(augmented_assignment_expression left: (scoped_property_access_expression) @detail) @construct.state-assignment
(global_declaration (variable_name) @detail) @construct.global-assignment
(comment) @comment
