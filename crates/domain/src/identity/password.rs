use crate::Violation;

/// At least 8 characters from at least 3 of the 4 classes: lower, upper, digit, other.
pub fn check_password_policy(password: &str) -> Result<(), Violation> {
    let length = password.chars().count();
    if length < 8 {
        return Err(Violation::new("password-too-short").with("min", 8));
    }
    if length > 256 {
        return Err(Violation::new("password-too-long").with("max", 256));
    }
    let classes = [
        password.chars().any(|c| c.is_lowercase()),
        password.chars().any(|c| c.is_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_alphanumeric()),
    ];
    if classes.iter().filter(|&&present| present).count() < 3 {
        return Err(Violation::new("password-too-simple"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seven_characters_are_too_few_even_with_all_classes() {
        assert_eq!(check_password_policy("aB3$xyz").unwrap_err().code, "password-too-short");
        assert!(check_password_policy("aB3$xyzw").is_ok());
    }

    #[test]
    fn two_classes_are_too_few_and_three_are_enough() {
        assert_eq!(check_password_policy("abcdefgh12").unwrap_err().code, "password-too-simple");
        assert!(check_password_policy("abcdefgH12").is_ok());
        assert!(check_password_policy("abcdefgh1!").is_ok());
    }
}
