(try_expression) @construct.try
(catch_block (simple_identifier) . [(user_type) (nullable_type)] @detail) @construct.catch
(finally_block) @construct.finally
(jump_expression "throw") @construct.raise
(jump_expression "return") @construct.return
(if_expression . (_) @detail) @construct.branch
; `if` used as a value is Kotlin's ternary, as is the Elvis operator.
(jump_expression (if_expression) @construct.ternary)
(property_declaration (if_expression) @construct.ternary)
(assignment (if_expression) @construct.ternary)
(function_body (if_expression) @construct.ternary)
(elvis_expression) @construct.ternary
(when_expression (when_subject (_) @detail)?) @construct.switch
(for_statement (variable_declaration) @detail) @construct.loop
(while_statement . (_) @detail) @construct.loop
(do_while_statement) @construct.loop
(assignment (directly_assignable_expression (this_expression) (navigation_suffix)) @detail) @construct.state-assignment
(line_comment) @comment
(multiline_comment) @comment
