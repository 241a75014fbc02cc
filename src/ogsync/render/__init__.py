"""Text, markdown and JSON views of a Plan."""
